package io.agentry.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.MetricsScrape;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code GET /metrics}: who may read it, and that runs, model calls and tools move the agent meters. */
@AgentryServerTest
class MetricsApiTest {

    @LocalServerPort
    int port;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private MetricsScrape scrape() {
        return MetricsScrape.of(api, "service-key");
    }

    private JsonNode run(String message, String user) {
        ApiClient.Response response = api.postJson("/run", "service-key", Map.of("message", message, "user_id", user));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void metricsNeedAnyValidApiKeyAndArePrometheusText() {
        ApiClient.Response anonymous = api.get("/metrics", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("content-type")).startsWith("application/problem+json");
        assertThat(api.get("/metrics", "wrong-key").status()).isEqualTo(401);

        for (String key : new String[] {"service-key", "alice-key", "admin-key"}) {
            ApiClient.Response response = api.get("/metrics", key);
            assertThat(response.status()).as(key).isEqualTo(200);
            assertThat(response.header("content-type")).startsWith("text/plain;version=0.0.4")
                    .doesNotStartWith("application/problem");
            assertThat(response.body()).contains("# TYPE agent_runs_total counter");
        }
        ApiClient.Response openMetrics = api.get("/metrics", "service-key", "Accept", "application/openmetrics-text");
        assertThat(openMetrics.header("content-type")).startsWith("application/openmetrics-text");
        assertThat(openMetrics.body()).endsWith("# EOF\n");
    }

    @Test
    void aRunMovesTheRunModelAndToolMetersByWhatItReports() {
        MetricsScrape before = scrape();
        JsonNode run = run("what is 2+3?", "metrics-user-" + System.nanoTime());
        MetricsScrape after = scrape();

        String[] sync = {"agent", "default", "mode", "sync", "outcome", "completed"};
        assertThat(after.increaseSince(before, "agent_runs_total", sync)).isEqualTo(1);
        assertThat(after.increaseSince(before, "agent_run_latency_count", sync)).isEqualTo(1);
        assertThat(after.increaseSince(before, "agent_run_latency_sum", sync))
                .isCloseTo(run.get("latency_ms").asLong() / 1000.0, within(0.0015));
        assertThat(after.increaseSince(before, "agent_run_iterations_sum", sync)).isEqualTo(2);

        JsonNode usage = run.get("usage");
        assertThat(after.increaseSince(before, "agent_llm_tokens_total", "kind", "input", "model", "offline"))
                .isEqualTo(usage.get("input_tokens").asLong());
        assertThat(after.increaseSince(before, "agent_llm_tokens_total", "kind", "output", "model", "offline"))
                .isEqualTo(usage.get("output_tokens").asLong());
        assertThat(after.increaseSince(before, "agent_llm_cost_usd_total", "model", "offline"))
                .isCloseTo(run.get("cost_usd").asDouble(), within(1e-12));
        assertThat(after.increaseSince(before, "agent_llm_call_latency_count", "model", "offline", "outcome", "ok"))
                .isEqualTo(2);
        assertThat(after.increaseSince(before, "agent_tool_calls_total", "tool", "calculator")).isEqualTo(1);
        // the run's latency lands in the histogram's buckets: no bucket counts fewer than the ones below it
        assertThat(after.value("agent_run_latency_bucket", "agent", "default", "mode", "sync", "outcome", "completed",
                "le", "+Inf")).isEqualTo(after.value("agent_run_latency_count", sync));
    }

    @Test
    void toolFailuresAreCountedByToolAndErrorType() {
        MetricsScrape before = scrape();
        JsonNode run = run("what is 1/0?", "metrics-user");
        MetricsScrape after = scrape();

        assertThat(run.get("success").asBoolean()).isTrue();
        assertThat(after.increaseSince(before, "agent_tool_calls_total", "tool", "calculator")).isEqualTo(1);
        assertThat(after.increaseSince(before, "agent_tool_errors_total", "error", "tool_error", "tool", "calculator")).isEqualTo(1);
    }

    @Test
    void taskRunsAreCountedInTaskModeAndTheWorkerAndQueueAreVisible() {
        MetricsScrape before = scrape();
        String taskId = api.postJson("/tasks", "alice-key", Map.of("message", "hello")).json().get("task_id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/tasks/" + taskId, "alice-key").json().get("status").asString().equals("completed"));
        MetricsScrape after = scrape();

        assertThat(after.increaseSince(before, "agent_runs_total", "agent", "default", "mode", "task", "outcome", "completed"))
                .isEqualTo(1);
        assertThat(after.value("agent_worker_slots_capacity")).isEqualTo(32);
        assertThat(after.has("agent_worker_slots_busy")).isTrue();
        assertThat(after.has("agent_queue_depth")).isTrue();
        assertThat(after.has("agent_queue_running")).isTrue();
        assertThat(after.has("agent_queue_oldest_age_seconds")).isTrue();
    }

    @Test
    void guardrailJvmAndHttpMetersAreExposedToo() {
        run("hello", "metrics-user");
        MetricsScrape scrape = scrape();

        assertThat(scrape.value("agent_rate_limited_total", "policy", "user")).isGreaterThanOrEqualTo(0);
        assertThat(scrape.names()).contains("agent_rate_limited_total", "agent_budget_exceeded_total",
                "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
                "http_server_requests_seconds_count");
        assertThat(scrape.samples()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("http_server_requests_seconds_count");
            assertThat(s.labels()).containsEntry("uri", "/run").containsEntry("method", "POST");
        });
    }

    @Test
    void labelsNeverCarryUsersOrMessages() {
        String user = "label-user-" + System.nanoTime();
        String message = "secret message " + System.nanoTime();
        run(message, user);
        String tool = api.postJson("/run", "service-key", Map.of("message", "what is 6*7?", "user_id", user)).body();
        assertThat(tool).contains("42");

        String text = scrape().text();
        assertThat(text).doesNotContain(user).doesNotContain(message);
        assertThat(scrape().samples()).filteredOn(s -> s.name().startsWith("agent_"))
                .allSatisfy(s -> assertThat(s.labels().keySet())
                        .isSubsetOf("agent", "mode", "outcome", "le", "model", "kind", "tool", "error", "policy", "scope",
                                "period"));
    }
}
