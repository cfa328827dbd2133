package io.agentry.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.SseClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The task API of an api-only process: tasks are accepted and stay queued (no worker here). */
@AgentryServerTest
@TestPropertySource(properties = "agentry.role=api")
class TaskQueueingApiTest {

    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private ApiClient.Response submit(String key, Map<String, Object> body, String... headers) {
        return api.postJson("/tasks", key, body, headers);
    }

    @Test
    void aSubmittedTaskIsQueuedWithALocationAndVisibleToItsUser() {
        ApiClient.Response response = submit("alice-key", Map.of("message", "what is 17*23?", "metadata", Map.of("ticket", 42)));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode accepted = response.json();
        String id = accepted.get("task_id").asString();
        assertThat(accepted.get("status").asString()).isEqualTo("queued");
        assertThat(response.header("location")).isEqualTo("/tasks/" + id);

        JsonNode task = api.get("/tasks/" + id, "alice-key").json();
        assertThat(task.get("status").asString()).isEqualTo("queued");
        assertThat(task.get("attempts").asInt()).isZero();
        assertThat(task.get("agent").asString()).isEqualTo("default");
        assertThat(task.get("session_id").asString()).isNotBlank();
        assertThat(task.get("created_at").asString()).isNotBlank();
        assertThat(task.has("result")).isFalse();
        assertThat(task.has("started_at")).isFalse();
    }

    @Test
    void unknownAndOtherUsersTasksAre404NeverQueued() {
        String bobs = submit("service-key", Map.of("message", "hi", "user_id", "bob")).json().get("task_id").asString();

        ApiClient.Response foreign = api.get("/tasks/" + bobs, "alice-key");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("queued");
        assertThat(api.postJson("/tasks/" + bobs + "/cancel", "alice-key", Map.of()).status()).isEqualTo(404);
        assertThat(api.get("/tasks/no-such-task", "alice-key").status()).isEqualTo(404);
        assertThat(api.get("/tasks/" + bobs, "admin-key").status()).isEqualTo(200);
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnTheOriginalTaskAndADifferentBodyIs422() {
        String key = "order-" + System.nanoTime();
        ApiClient.Response first = submit("alice-key", Map.of("message", "charge it"), "Idempotency-Key", key);
        ApiClient.Response again = submit("alice-key", Map.of("message", "charge it"), "Idempotency-Key", key);
        ApiClient.Response different = submit("alice-key", Map.of("message", "charge it twice"), "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("task_id").asString()).isEqualTo(first.json().get("task_id").asString());
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        // the same key is another user's own business
        assertThat(submit("service-key", Map.of("message", "charge it", "user_id", "bob"), "Idempotency-Key", key).status())
                .isEqualTo(202);
    }

    @Test
    void cancellingAQueuedTaskEndsItAtOnceAndIsIdempotent() {
        String id = submit("alice-key", Map.of("message", "never mind")).json().get("task_id").asString();

        JsonNode cancelled = api.postJson("/tasks/" + id + "/cancel", "alice-key", Map.of()).json();
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        assertThat(cancelled.get("finished_at").asString()).isNotBlank();
        try (SseClient sse = SseClient.get(port, "/tasks/" + id + "/events", "alice-key")) {
            sse.readTimeout(java.time.Duration.ofSeconds(10));
            assertThat(sse.readToEnd()).extracting(SseClient.Event::type).containsExactly("run.cancelled");
        }
        JsonNode again = api.postJson("/tasks/" + id + "/cancel", "alice-key", Map.of()).json();
        assertThat(again.get("status").asString()).isEqualTo("cancelled");
        assertThat(again.get("finished_at").asString()).isEqualTo(cancelled.get("finished_at").asString());
    }

    @Test
    void listingShowsTheCallersTasksNewestFirstPagedAndFiltered() {
        String user = "lister-" + System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submit("service-key", Map.of("message", "m" + i, "user_id", user)).json().get("task_id").asString());
        }
        api.postJson("/tasks/" + ids.get(2) + "/cancel", "service-key", Map.of());

        JsonNode page1 = api.get("/tasks?user_id=" + user + "&limit=2", "service-key").json();
        JsonNode page2 = api.get("/tasks?user_id=" + user + "&limit=2&cursor=" + page1.get("next_cursor").asString(), "service-key").json();
        JsonNode page3 = api.get("/tasks?user_id=" + user + "&limit=2&cursor=" + page2.get("next_cursor").asString(), "service-key").json();
        List<String> listed = new ArrayList<>();
        for (JsonNode page : List.of(page1, page2, page3)) {
            page.get("tasks").forEach(t -> listed.add(t.get("task_id").asString()));
        }
        assertThat(listed).containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(page3.get("next_cursor").isNull() || !page3.has("next_cursor")).isTrue();

        JsonNode cancelled = api.get("/tasks?user_id=" + user + "&status=cancelled", "service-key").json();
        assertThat(cancelled.get("tasks")).hasSize(1);
        assertThat(cancelled.get("tasks").get(0).get("task_id").asString()).isEqualTo(ids.get(2));

        assertThat(api.get("/tasks?user_id=" + user + "&status=bogus", "service-key").status()).isEqualTo(422);
        assertThat(api.get("/tasks?user_id=" + user + "&limit=0", "service-key").status()).isEqualTo(422);
        assertThat(api.get("/tasks", "service-key").status()).isEqualTo(422);
        // a bound key lists its own user's tasks only
        assertThat(api.get("/tasks", "alice-key").json().get("tasks").valueStream()
                .noneMatch(t -> ids.contains(t.get("task_id").asString()))).isTrue();
    }

    @Test
    void invalidSubmissionsAreRefusedWithNothingQueued() {
        assertThat(submit("alice-key", Map.of("message", "")).status()).isEqualTo(422);
        assertThat(submit("alice-key", Map.of("message", "hi", "stream", true)).status()).isEqualTo(422);
        assertThat(submit("alice-key", Map.of("message", "hi", "agent", "nope")).status()).isEqualTo(422);
        ApiClient.Response webhook = submit("alice-key", Map.of("message", "hi", "webhook_url", "https://example.com/hook"));
        assertThat(webhook.status()).isEqualTo(422);
        assertThat(webhook.json().get("detail").asString()).contains("webhook secret");
        assertThat(submit("alice-key", Map.of("message", "hi"), "Idempotency-Key", "has spaces").status()).isEqualTo(422);
        assertThat(submit(null, Map.of("message", "hi")).status()).isEqualTo(401);
        assertThat(api.postJson("/run", "alice-key", Map.of("message", "hi", "webhook_url", "https://example.com")).status())
                .isEqualTo(422);
    }
}
