package io.agentry.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.ServerProcess;
import io.agentry.server.testing.TestDatabases;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An interrupted task belongs to no worker: the process whose worker interrupted it is killed (SIGKILL) while it
 * waits, and the task stays interrupted; another process resumes it and continues the run from the journal (the
 * model call that asked for the tool is not made again, the tool runs once), on PostgreSQL. (The embedded store's
 * case, a worker stopped and started again while a task waits, is {@code ApprovalApiTest}'s: a second process start
 * costs more than it adds there.)
 */
class ApprovalRestartIT {

    private static final String KEY = "agentry-dev-key";

    @Test
    void anInterruptedTaskOutlivesItsWorkerOnPostgres() {
        try (TestDatabases.PostgresDatabase db = TestDatabases.postgres()) {
            Map<String, String> settings = settings(Map.of("spring.datasource.url", db.url(),
                    "spring.datasource.username", TestDatabases.PG_USER));
            String id;
            try (ServerProcess first = ServerProcess.start("approval-pg", with(settings, "agentry.worker.id", "worker-1"))) {
                id = submitAndAwaitInterrupted(first.api());
                first.kill();
            }
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            assertThat(jdbc.sql("select status from tasks where task_id = ?").param(id).query(String.class).single())
                    .isEqualTo("interrupted");
            assertThat(jdbc.sql("select lease_owner from tasks where task_id = ?").param(id).query(String.class).optional())
                    .as("no worker holds it").isEmpty();
            try (ServerProcess second = ServerProcess.start("approval-pg-restarted",
                    with(settings, "agentry.worker.id", "worker-2"))) {
                resumeAndCheck(second.api(), id);
            }
            checkJournal(db.dataSource(), id);
        }
    }

    private static Map<String, String> settings(Map<String, String> store) {
        Map<String, String> settings = new HashMap<>(store);
        settings.put("agentry.default-agent", "approver");
        settings.put("agentry.agents.approver.tools", "calculator");
        settings.put("agentry.agents.approver.requires-approval", "calculator");
        settings.put("agentry.worker.recovery-interval", "500ms");
        return settings;
    }

    private static Map<String, String> with(Map<String, String> settings, String key, String value) {
        Map<String, String> copy = new HashMap<>(settings);
        copy.put(key, value);
        return copy;
    }

    private static String submitAndAwaitInterrupted(ApiClient api) {
        ApiClient.Response submitted = api.postJson("/tasks", KEY, Map.of("agent", "approver", "user_id", "it-user",
                "message", "/tool calculator {\"expression\": \"6*7\"}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("task_id").asString();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/tasks/" + id, KEY).json().get("status").asString().equals("interrupted"));
        return id;
    }

    private static void resumeAndCheck(ApiClient api, String id) {
        JsonNode waiting = api.get("/tasks/" + id, KEY).json();
        assertThat(waiting.get("status").asString()).as("still waiting after its worker died").isEqualTo("interrupted");
        assertThat(waiting.get("pending_approval").get("calls").get(0).get("call_id").asString()).isEqualTo("call_command_1");

        ApiClient.Response resumed = api.postJson("/tasks/" + id + "/resume", KEY,
                Map.of("decisions", List.of(Map.of("call_id", "call_command_1", "decision", "approve"))));
        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);

        JsonNode done = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/tasks/" + id, KEY).json(), t -> t.get("status").asString().equals("completed"));
        assertThat(done.get("result").get("content").asString()).isEqualTo("6*7 = 42");
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
    }

    /** The chain has each step once: two model calls (the one that asked for the tool, the answer), one tool result. */
    private static void checkJournal(DataSource dataSource, String id) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        List<String> steps = jdbc.sql("select kind from run_journal where journal_id = ? order by iteration, position, kind")
                .param(id).query(String.class).list();
        assertThat(steps).filteredOn(kind -> kind.equals("model_call")).hasSize(2);
        assertThat(steps).filteredOn(kind -> kind.equals("tool_finished")).hasSize(1);
        long attemptsRecorded = jdbc.sql("select count(*) from runs where task_id = ?").param(id).query(Long.class).single();
        assertThat(attemptsRecorded).as("the interrupted attempt and the resumed one").isEqualTo(2);
        assertThat(jdbc.sql("select status from runs where task_id = ? order by created_at").param(id)
                .query(String.class).list()).containsExactly("interrupted", "completed");
    }
}
