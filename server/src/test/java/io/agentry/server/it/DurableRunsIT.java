package io.agentry.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.OpenAiDouble;
import io.agentry.server.testing.RedisServerProcess;
import io.agentry.server.testing.ServerProcess;
import io.agentry.server.testing.TestDatabases;
import io.agentry.server.testing.ToolEndpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A worker killed with SIGKILL during the third model call of a five-call task costs only that call: the provider (a
 * double speaking OpenAI's wire format, called by the server's OpenAI adapter) counts every request, and the retried
 * attempt sends exactly the remaining ones (turns 3, 4 and 5; without the journal it sent all five again); the HTTP
 * tool that turns 1 to 4 ask for ran once per turn (the second attempt replayed those of turns 1 and 2); the ledger
 * charges every call once (the killed attempt gets a record of the two calls it finished); the answer is right. On
 * PostgreSQL with distributed processes (an api process, the killed worker, and the worker that takes over), and on
 * the embedded H2 store restarted after the kill.
 */
class DurableRunsIT {

    private static final String KEY = "agentry-dev-key";
    private static final int TURNS = 5;
    private static final String USER = "durable-it";

    @TempDir
    Path workingDirectory;

    @Test
    void onPostgresTheWorkerThatTakesOverMakesOnlyTheRemainingCalls() throws Exception {
        try (TestDatabases.PostgresDatabase db = TestDatabases.postgres();
             RedisServerProcess redis = RedisServerProcess.start();
             OpenAiDouble openAi = new OpenAiDouble(TURNS, "ledger");
             ToolEndpoint tool = new ToolEndpoint()) {
            Map<String, String> shared = settings(openAi, tool);
            shared.putAll(Map.of("spring.datasource.url", db.url(), "spring.datasource.username", TestDatabases.PG_USER,
                    "agentry.redis.url", redis.url(), "agentry.redis.key-prefix", "it-" + UUID.randomUUID() + ":"));
            // an api process and a worker; a second worker starts once the first was killed (one JVM starting at a time)
            List<ServerProcess> processes = new ArrayList<>();
            try {
                processes.add(ServerProcess.start("durable-api", with(shared, Map.of("agentry.role", "api"))));
                processes.add(ServerProcess.start("durable-worker-1",
                        with(shared, Map.of("agentry.role", "worker", "agentry.worker.id", "worker-1"))));
                ApiClient api = processes.getFirst().api();
                JdbcClient jdbc = JdbcClient.create(db.dataSource());
                String taskId = submitAndAwaitTheThirdCall(api, openAi);
                assertThat(jdbc.sql("select lease_owner from tasks where task_id = ?").param(taskId).query(String.class)
                        .single()).isEqualTo("worker-1");
                processes.get(1).kill();
                openAi.release();
                processes.add(ServerProcess.start("durable-worker-2",
                        with(shared, Map.of("agentry.role", "worker", "agentry.worker.id", "worker-2"))));

                proveOnlyTheRemainingCallsWereMade(api, taskId, openAi, tool, "postgres");
            } finally {
                processes.forEach(ServerProcess::close);
            }
        }
    }

    @Test
    void onTheEmbeddedStoreTheRestartedProcessMakesOnlyTheRemainingCalls() throws Exception {
        try (OpenAiDouble openAi = new OpenAiDouble(TURNS, "ledger");
             ToolEndpoint tool = new ToolEndpoint()) {
            Map<String, String> settings = settings(openAi, tool);
            String taskId;
            try (ServerProcess first = ServerProcess.start("durable-embedded", settings, workingDirectory)) {
                taskId = submitAndAwaitTheThirdCall(first.api(), openAi);
                first.kill();
                openAi.release();
            }
            try (ServerProcess second = ServerProcess.start("durable-embedded-restarted", settings, workingDirectory)) {
                proveOnlyTheRemainingCallsWereMade(second.api(), taskId, openAi, tool, "embedded");
            }
        }
    }

    private static String submitAndAwaitTheThirdCall(ApiClient api, OpenAiDouble openAi) throws InterruptedException {
        openAi.holdFirst(3);
        ApiClient.Response submitted = api.postJson("/tasks", KEY,
                Map.of("message", "Record the five steps.", "user_id", USER, "agent", "durable"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        assertThat(openAi.awaitHeld(60)).as("the third model call arrived").isTrue();
        return submitted.json().get("task_id").asString();
    }

    private static void proveOnlyTheRemainingCallsWereMade(ApiClient api, String taskId, OpenAiDouble openAi,
                                                           ToolEndpoint tool, String store) {
        JsonNode task = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/tasks/" + taskId, KEY).json(),
                        t -> List.of("completed", "failed", "cancelled").contains(t.get("status").asString()));
        List<Integer> requests = openAi.requests();
        long reSpent = requests.subList(3, requests.size()).stream().filter(turn -> turn < 3)
                .mapToLong(turn -> OpenAiDouble.promptTokens(turn) + OpenAiDouble.COMPLETION_TOKENS).sum();
        // for the report: what the kill cost
        System.out.printf("DurableRunsIT[%s]: model requests %s (%d in all), tokens of finished calls re-spent: %d%n",
                store, requests, requests.size(), reSpent);

        assertThat(task.get("status").asString()).as(task.toString()).isEqualTo("completed");
        assertThat(task.get("attempts").asInt()).isEqualTo(2);
        assertThat(task.get("result").get("content").asString()).isEqualTo(OpenAiDouble.answer(TURNS));
        // the killed attempt sent turns 1, 2 and 3; the next one only 3, 4 and 5
        assertThat(requests).containsExactly(1, 2, 3, 3, 4, 5);
        List<String> executed = tool.drain().stream().map(ToolEndpoint.Received::target).toList();
        assertThat(executed).containsExactly("/ledger/1", "/ledger/2", "/ledger/3", "/ledger/4");

        // the ledger: each of the five answered calls once, the killed attempt's two under a run of its own
        long tokens = IntStream.rangeClosed(1, TURNS).mapToLong(t -> OpenAiDouble.promptTokens(t) + OpenAiDouble.COMPLETION_TOKENS).sum();
        JsonNode usage = api.get("/usage?group_by=user&from=2000-01-01&to=2100-01-01&user_id=" + USER, KEY).json();
        assertThat(usage.get("total").get("total_tokens").asLong()).as(usage.toString()).isEqualTo(tokens);
        JsonNode runs = api.get("/runs?task_id=" + taskId + "&user_id=" + USER, KEY).json().get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("status").asString()).isEqualTo("completed");
        assertThat(runs.get(0).get("usage").get("total_tokens").asLong()).isEqualTo(300 + 400 + 500 + 3 * 10);
        assertThat(runs.get(1).get("status").asString()).isEqualTo("failed");
        assertThat(runs.get(1).get("usage").get("total_tokens").asLong()).isEqualTo(100 + 200 + 2 * 10);
        JsonNode steps = api.get("/runs/" + runs.get(0).get("run_id").asString() , KEY).json().get("steps");
        assertThat(steps).hasSize(2 * TURNS - 1);
        assertThat(steps.get(3).get("replayed").asBoolean()).as("the tool call of turn 2").isTrue();
        assertThat(steps.get(4).get("replayed").asBoolean()).as("the model call of turn 3").isFalse();
    }

    private static Map<String, String> settings(OpenAiDouble openAi, ToolEndpoint tool) {
        Map<String, String> settings = new HashMap<>();
        settings.put("agentry.limits.enabled", "false");
        settings.put("agentry.providers.openai.base-url", openAi.baseUrl());
        settings.put("agentry.providers.openai.api-key", "sk-durable-it");
        settings.put("agentry.default-agent", "durable");
        settings.put("agentry.agents.durable.model", "openai:gpt-4o-mini");
        settings.put("agentry.agents.durable.system-prompt", "Record each step with the ledger tool.");
        settings.put("agentry.agents.durable.tools", "ledger");
        String ledger = "agentry.tools.http.ledger.";
        settings.put(ledger + "description", "Records a step");
        settings.put(ledger + "parameters", "{\"type\":\"object\",\"properties\":{\"step\":{\"type\":\"integer\"}},\"required\":[\"step\"]}");
        settings.put(ledger + "url", tool.base() + "/ledger/{step}");
        settings.put(ledger + "signing-secret", "durable-it-secret");
        settings.put(ledger + "allow-private", "true");
        settings.put("agentry.worker.lease-duration", "3s");
        settings.put("agentry.worker.heartbeat-interval", "500ms");
        settings.put("agentry.worker.recovery-interval", "1s");
        settings.put("agentry.worker.poll-interval", "200ms");
        return settings;
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> copy = new HashMap<>(base);
        copy.putAll(more);
        return copy;
    }
}
