package io.agentry.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.MetricsScrape;
import io.agentry.server.testing.WorkerServerTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Model calls that fail or are cut off land in their own series of {@code agent_llm_call_latency}. */
@WorkerServerTest
class ModelCallMetricsTest {

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

    private void run(String agent, String message) {
        api.postJson("/run", "service-key", Map.of("agent", agent, "message", message, "user_id", "model-metrics"));
    }

    @Test
    void aFailedModelCallIsAnErrorAndAFailedRun() {
        MetricsScrape before = scrape();
        run("flaky", "fatal " + System.nanoTime());
        MetricsScrape after = scrape();

        assertThat(after.increaseSince(before, "agent_llm_call_latency_count", "model", "flaky", "outcome", "error")).isEqualTo(1);
        assertThat(after.increaseSince(before, "agent_llm_call_latency_count", "model", "flaky", "outcome", "ok")).isZero();
        assertThat(after.increaseSince(before, "agent_runs_total", "agent", "flaky", "mode", "sync", "outcome", "failed"))
                .isEqualTo(1);
    }

    @Test
    void aModelCallCutOffByTheTimeLimitIsCancelled() {
        MetricsScrape before = scrape();
        run("sleepy-limited", "hello");
        MetricsScrape after = scrape();

        assertThat(after.increaseSince(before, "agent_llm_call_latency_count", "model", "sleepy", "outcome", "cancelled"))
                .isEqualTo(1);
        assertThat(after.increaseSince(before, "agent_llm_call_latency_count", "model", "sleepy", "outcome", "error")).isZero();
    }
}
