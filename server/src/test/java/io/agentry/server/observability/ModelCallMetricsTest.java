package io.agentry.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.MetricsScrape;
import io.agentry.server.testing.TestModels;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** Model calls that fail or are cut off land in their own series of {@code agent_llm_call_latency}. */
@AgentryServerTest
@Import(TestModels.class)
// exactly TaskExecutionTest's settings, so that they share one application context
@TestPropertySource(properties = {
        "agentry.agents.default.model=offline",
        "agentry.agents.flaky.model=flaky",
        "agentry.agents.flaky.tools=",
        "agentry.agents.sleepy.model=sleepy",
        "agentry.agents.sleepy.tools=",
        "agentry.agents.sleepy-limited.model=sleepy",
        "agentry.agents.sleepy-limited.tools=",
        "agentry.agents.sleepy-limited.time-limit=500ms",
        "agentry.worker.retry-base-delay=20ms",
        "agentry.webhooks.secret=webhook-test-secret",
        "agentry.webhooks.allow-private=true",
        "agentry.webhooks.poll-interval=100ms",
        "agentry.webhooks.initial-backoff=100ms",
})
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

        assertThat(delta(before, after, "agent_llm_call_latency_count", "model", "flaky", "outcome", "error")).isEqualTo(1);
        assertThat(delta(before, after, "agent_llm_call_latency_count", "model", "flaky", "outcome", "ok")).isZero();
        assertThat(delta(before, after, "agent_runs_total", "agent", "flaky", "mode", "sync", "outcome", "failed"))
                .isEqualTo(1);
    }

    @Test
    void aModelCallCutOffByTheTimeLimitIsCancelled() {
        MetricsScrape before = scrape();
        run("sleepy-limited", "hello");
        MetricsScrape after = scrape();

        assertThat(delta(before, after, "agent_llm_call_latency_count", "model", "sleepy", "outcome", "cancelled"))
                .isEqualTo(1);
        assertThat(delta(before, after, "agent_llm_call_latency_count", "model", "sleepy", "outcome", "error")).isZero();
    }

    private static double delta(MetricsScrape before, MetricsScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
