package io.agentry.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.SseClient;
import io.agentry.server.testing.TestModels;
import io.agentry.server.testing.WorkerServerTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code GET /tasks/{id}/events}: a task's stream, live and replayed, one terminal event over all attempts. */
@WorkerServerTest
class TaskEventsTest {

    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private String submit(Map<String, Object> body) {
        ApiClient.Response response = api.postJson("/tasks", "alice-key", body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("task_id").asString();
    }

    private List<SseClient.Event> follow(String id, String... headers) {
        try (SseClient sse = SseClient.get(port, "/tasks/" + id + "/events", "alice-key", headers)) {
            assertThat(sse.status()).isEqualTo(200);
            sse.readTimeout(Duration.ofSeconds(30));
            return sse.readToEnd();
        }
    }

    @Test
    void aTasksEventsEndWithTheFinalRunResponseAndReplayFromAnyPoint() {
        String id = submit(Map.of("message", "what is 17*23?"));

        List<SseClient.Event> events = follow(id);

        assertThat(events).extracting(SseClient.Event::type)
                .containsSubsequence("run.started", "usage", "tool.started", "tool.finished", "token", "usage", "run.completed");
        assertThat(events.getLast().type()).isEqualTo("run.completed");
        assertThat(events.getLast().json().get("content").asString()).contains("391");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).idNumber()).isEqualTo(i + 1);
        }
        // a late follower gets the same stream; one resuming from the middle gets exactly the rest
        assertThat(follow(id)).extracting(SseClient.Event::id).isEqualTo(events.stream().map(SseClient.Event::id).toList());
        List<SseClient.Event> rest = follow(id, "Last-Event-ID", events.get(2).id());
        assertThat(rest).extracting(SseClient.Event::id)
                .isEqualTo(events.subList(3, events.size()).stream().map(SseClient.Event::id).toList());
    }

    @Test
    void retriedAttemptsShareOneStreamWithOneTerminalEvent() {
        String id = submit(Map.of("message", "fail 1 " + UUID.randomUUID(), "agent", "flaky"));

        List<SseClient.Event> events = follow(id);

        assertThat(events.stream().filter(e -> e.type().equals("run.started"))).hasSize(2);
        assertThat(events.stream().filter(e -> e.type().startsWith("run.") && !e.type().equals("run.started")))
                .singleElement().satisfies(e -> {
                    assertThat(e.type()).isEqualTo("run.completed");
                    assertThat(e.json().get("content").asString()).isEqualTo("ok after 2 call(s)");
                });
    }

    @Test
    void cancellingEndsTheStreamWithRunCancelled() {
        String message = "sleep " + UUID.randomUUID();
        String id = submit(Map.of("message", message, "agent", "sleepy"));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestModels.CALLS.containsKey(message));
        try (SseClient sse = SseClient.get(port, "/tasks/" + id + "/events", "alice-key")) {
            sse.readTimeout(Duration.ofSeconds(30));
            assertThat(sse.next().type()).isEqualTo("run.started");
            api.postJson("/tasks/" + id + "/cancel", "alice-key", Map.of());
            List<SseClient.Event> rest = sse.readToEnd();
            assertThat(rest.getLast().type()).isEqualTo("run.cancelled");
        }
    }

    @Test
    void anotherUsersTaskEventsAre404() {
        String bobs = api.postJson("/tasks", "service-key", Map.of("message", "hi", "user_id", "bob")).json()
                .get("task_id").asString();
        assertThat(api.get("/tasks/" + bobs + "/events", "alice-key").status()).isEqualTo(404);
        assertThat(api.get("/tasks/unknown/events", "alice-key").status()).isEqualTo(404);
    }
}
