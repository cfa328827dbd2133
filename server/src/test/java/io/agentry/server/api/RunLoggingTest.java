package io.agentry.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
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
        assertThat(output.getAll()).doesNotContain(secretMessage).doesNotContain("service-key");
        // every captured line is one JSON object
        assertThat(output.getOut().lines().filter(l -> !l.isBlank())).allSatisfy(l -> assertThat(l).startsWith("{"));
    }
}
