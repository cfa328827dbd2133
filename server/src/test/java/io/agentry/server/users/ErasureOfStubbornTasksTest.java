package io.agentry.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.TestModels;
import io.agentry.server.testing.WorkerServerTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A running task that does not stop when cancelled (the {@code deaf} model ignores interrupts until the test lets
 * it answer) holds the erasure back: 409, with nothing deleted but the schedules, until it has stopped.
 */
@WorkerServerTest
@TestPropertySource(properties = {
        "agentry.erasure.task-stop-timeout=300ms",
        "agentry.agents.deaf.model=deaf",
        "agentry.agents.deaf.tools=",
})
class ErasureOfStubbornTasksTest {

    @LocalServerPort
    int port;

    private ApiClient.Response delete(ApiClient api, String path) {
        return api.send(api.request(path, "admin-key").DELETE().build());
    }

    private static String status(ApiClient api, String task) {
        return api.get("/tasks/" + task, "service-key").json().get("status").asString();
    }

    @Test
    void aTaskThatIsStillStoppingIsA409AndTheErasureCompletesOnceItHasStopped() {
        ApiClient api = new ApiClient(port);
        String user = "deaf-" + UUID.randomUUID();
        String message = "wait for me " + UUID.randomUUID();
        api.postJson("/run", "service-key", Map.of("message", "hello", "user_id", user));
        String schedule = api.postJson("/schedules", "service-key", Map.of("cron", "0 0 9 1 1 *", "message", "report",
                "user_id", user)).json().get("schedule_id").asString();
        String task = api.postJson("/tasks", "service-key", Map.of("message", message, "user_id", user, "agent", "deaf"))
                .json().get("task_id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> "running".equals(status(api, task)));

        ApiClient.Response refused = delete(api, "/users/" + user);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.header("content-type")).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).endsWith("/tasks-stopping");
        assertThat(refused.header("retry-after")).isNotBlank();
        JsonNode stopping = api.get("/tasks/" + task, "service-key").json();
        assertThat(stopping.get("status").asString()).isEqualTo("running");
        assertThat(stopping.get("cancel_requested").asBoolean()).isTrue();
        assertThat(api.get("/schedules/" + schedule, "service-key").status()).as("schedules go first").isEqualTo(404);
        assertThat(api.get("/sessions?user_id=" + user, "service-key").json().get("sessions")).as("nothing else yet")
                .hasSize(1);

        TestModels.openGate(message);
        await().atMost(Duration.ofSeconds(30)).until(() -> "cancelled".equals(status(api, task)));
        ApiClient.Response erased = delete(api, "/users/" + user);

        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        JsonNode deleted = erased.json().get("deleted");
        assertThat(deleted.get("tasks").asInt()).isEqualTo(1);
        assertThat(deleted.get("sessions").asInt()).isEqualTo(1);
        assertThat(deleted.get("schedules").asInt()).as("deleted by the first attempt").isZero();
        assertThat(erased.json().get("cancelled_tasks").asInt()).as("cancelled by the first attempt").isZero();
        assertThat(erased.json().get("anonymised_runs").asInt()).as("the run, and the task's stopped attempt").isEqualTo(2);
        assertThat(api.get("/tasks/" + task, "service-key").status()).isEqualTo(404);
    }
}
