package io.agentry.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.TestModels;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** One slot, short limits and retention: the hard time limit frees the slot; finished tasks expire. */
@AgentryServerTest
@Import(TestModels.class)
@TestPropertySource(properties = {
        "agentry.agents.default.model=offline",
        "agentry.agents.stubborn.model=stubborn",
        "agentry.agents.stubborn.tools=",
        "agentry.worker.concurrency=1",
        "agentry.worker.soft-time-limit=500ms",
        "agentry.worker.hard-time-limit=1s",
        "agentry.tasks.max-retries=0",
        "agentry.tasks.retention=2s",
        "agentry.tasks.cleanup-interval=300ms",
})
class TaskLimitsTest {

    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private String submit(Map<String, Object> body) {
        return api.postJson("/tasks", "alice-key", body).json().get("task_id").asString();
    }

    private JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/tasks/" + id, "alice-key").json(), t -> t.get("status").asString().equals(status));
    }

    @Test
    void theHardTimeLimitAbandonsAnAttemptThatIgnoresInterruptsAndFreesItsSlot() {
        String stubborn = submit(Map.of("message", "hold " + UUID.randomUUID(), "agent", "stubborn"));
        String next = submit(Map.of("message", "what is 6*7?"));

        JsonNode abandoned = awaitStatus(stubborn, "failed");
        assertThat(abandoned.get("error").asString()).isEqualTo("Hard time limit exceeded");

        // the only slot was given back while the stubborn call is still going (it ignores interrupts for 4 s)
        JsonNode done = awaitStatus(next, "completed");
        assertThat(done.get("result").get("content").asString()).contains("42");
        assertThat(api.get("/tasks/" + stubborn, "alice-key").json().get("status").asString()).isEqualTo("failed");
    }

    @Test
    void finishedTasksAreDeletedAfterTheirRetention() {
        String id = submit(Map.of("message", "short-lived"));
        awaitStatus(id, "completed");

        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/tasks/" + id, "alice-key").status() == 404);
    }
}
