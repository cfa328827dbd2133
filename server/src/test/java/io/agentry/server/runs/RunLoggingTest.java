package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.TestFaults;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@AgentryServerTest
@ExtendWith(OutputCaptureExtension.class)
class RunLoggingTest {

    @LocalServerPort
    int port;

    @Test
    void runLinesAreJsonWithTheRunsIdsAndNeverTheKeyOrMessage(CapturedOutput output) {
        String secretMessage = "my password is hunter2-" + System.nanoTime();
        JsonNode body = new ApiClient(port).postJson("/run", "service-key",
                Map.of("message", secretMessage, "user_id", "logged-user")).json();

        List<JsonNode> lines = output.getOut().lines().filter(l -> l.startsWith("{"))
                .map(l -> ApiClient.JSON.readTree(l)).toList();
        assertThat(lines).isNotEmpty();
        JsonNode summary = lines.stream().filter(l -> l.path("message").asString("").startsWith("run finished"))
                .filter(l -> body.get("run_id").asString().equals(l.path("run_id").asString(null)))
                .findFirst().orElseThrow();
        assertThat(summary.get("user_id").asString()).isEqualTo("logged-user");
        assertThat(summary.get("session_id").asString()).isEqualTo(body.get("session_id").asString());
        assertThat(summary.get("level").asString()).isEqualTo("INFO");
        assertThat(summary.has("@timestamp")).isTrue();
        assertThat(summary.has("logger_name")).isTrue();
        // the summary's figures, also as fields of their own, and the run's trace
        assertThat(summary.get("outcome").asString()).isEqualTo("completed");
        assertThat(summary.get("mode").asString()).isEqualTo("sync");
        assertThat(summary.get("model").asString()).isEqualTo("offline");
        assertThat(summary.get("iterations").asInt()).isEqualTo(body.get("iterations").asInt());
        assertThat(summary.get("input_tokens").asLong()).isEqualTo(body.get("usage").get("input_tokens").asLong());
        assertThat(summary.get("output_tokens").asLong()).isEqualTo(body.get("usage").get("output_tokens").asLong());
        assertThat(summary.get("total_tokens").asLong()).isEqualTo(body.get("usage").get("total_tokens").asLong());
        assertThat(new java.math.BigDecimal(summary.get("cost_usd").asString()))
                .isEqualByComparingTo(body.get("cost_usd").decimalValue());
        assertThat(summary.get("latency_ms").asLong()).isEqualTo(body.get("latency_ms").asLong());
        String traceId = summary.get("trace_id").asString();
        assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
        assertThat(summary.get("span_id").asString()).matches("[0-9a-f]{16}");
        // every line of the run carries the run's trace id
        assertThat(lines.stream().filter(l -> body.get("run_id").asString().equals(l.path("run_id").asString(null))))
                .allSatisfy(l -> assertThat(l.path("trace_id").asString(null)).isEqualTo(traceId));
        assertThat(output.getAll()).doesNotContain(secretMessage).doesNotContain("service-key");
        // every captured line is one JSON object
        assertThat(output.getOut().lines().filter(l -> !l.isBlank())).allSatisfy(l -> assertThat(l).startsWith("{"));
    }

    @Test
    void anUnexpectedErrorIsOneJsonLineWithItsStackTraceAndTheRunsTrace(CapturedOutput output) {
        ApiClient.Response response = new ApiClient(port).postJson("/run", "service-key",
                Map.of("message", "hello", "user_id", TestFaults.FAILING_USER));
        assertThat(response.status()).isEqualTo(500);

        JsonNode error = output.getOut().lines().filter(l -> l.startsWith("{")).map(l -> ApiClient.JSON.readTree(l))
                .filter(l -> l.path("level").asString("").equals("ERROR")).findFirst().orElseThrow();
        assertThat(error.get("message").asString()).isEqualTo("Unexpected error");
        assertThat(error.get("stack_trace").asString()).startsWith("java.lang.IllegalStateException: "
                + TestFaults.INTERNAL_DETAIL).contains("\n\tat ");
        assertThat(error.get("trace_id").asString()).matches("[0-9a-f]{32}");
        assertThat(output.getOut().lines().filter(l -> !l.isBlank())).allSatisfy(l -> assertThat(l).startsWith("{"));
    }
}
