package io.agentry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Log levels per package change at runtime through the actuator's loggers endpoint, with an admin key. */
@AgentryServerTest
@ExtendWith(OutputCaptureExtension.class)
class LogLevelTest {

    private static final String RUNS = "/actuator/loggers/io.agentry.server.runs";

    @LocalServerPort
    int port;

    @Test
    void aPackagesLevelChangesAtRuntimeAndTakesEffectAtOnce(CapturedOutput output) {
        ApiClient api = new ApiClient(port);
        assertThat(api.postJson(RUNS, "service-key", Map.of("configuredLevel", "WARN")).status()).isEqualTo(403);
        try {
            assertThat(api.postJson(RUNS, "admin-key", Map.of("configuredLevel", "WARN")).status()).isEqualTo(204);
            assertThat(api.get(RUNS, "admin-key").json().get("effectiveLevel").asString()).isEqualTo("WARN");

            String quiet = run(api, "quiet-user");
            assertThat(output.getOut()).doesNotContain(quiet);

            assertThat(api.postJson(RUNS, "admin-key", Map.of("configuredLevel", "INFO")).status()).isEqualTo(204);
            String loud = run(api, "loud-user");
            assertThat(output.getOut()).contains("\"run_id\":\"" + loud + "\"");
        } finally {
            Map<String, Object> reset = new HashMap<>();
            reset.put("configuredLevel", null);
            api.postJson(RUNS, "admin-key", reset);
        }
        assertThat(api.get(RUNS, "admin-key").json().get("effectiveLevel").asString()).isEqualTo("INFO");
    }

    private static String run(ApiClient api, String user) {
        return api.postJson("/run", "service-key", Map.of("message", "hello", "user_id", user)).json()
                .get("run_id").asString();
    }
}
