package io.agentry.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The embedded default survives a restart: tasks queued (or running) when the process stops run after it
 * starts again. The stop is graceful, so the task it was running is given back without counting the
 * attempt.
 */
class EmbeddedTasksRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void tasksQueuedWhenTheProcessStopsRunAfterItStarts() {
        Map<String, String> settings = Map.of(
                "spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("agentry")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE",
                "agentry.models.offline.latency-ms", "2000",
                "agentry.worker.concurrency", "1",
                "agentry.worker.shutdown-grace", "200ms");
        List<String> ids = new ArrayList<>();
        try (ServerProcess first = ServerProcess.start("embedded-tasks", settings)) {
            for (int i = 0; i < 4; i++) {
                ids.add(first.api().postJson("/tasks", "agentry-dev-key", Map.of("message", "task " + i, "user_id", "u"))
                        .json().get("task_id").asString());
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "running".equals(first.api().get("/tasks/" + ids.getFirst(), "agentry-dev-key").json().get("status").asString()));
            first.stop(Duration.ofSeconds(30));
        }

        try (ServerProcess second = ServerProcess.start("embedded-tasks-restarted", settings)) {
            for (String id : ids) {
                JsonNode task = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> second.api().get("/tasks/" + id, "agentry-dev-key").json(),
                                t -> t.get("status").asString().equals("completed"));
                assertThat(task.get("attempts").asInt()).as("attempts of %s", id).isEqualTo(1);
            }
        }
    }
}
