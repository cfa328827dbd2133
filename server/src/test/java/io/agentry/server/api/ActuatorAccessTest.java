package io.agentry.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@AgentryServerTest
class ActuatorAccessTest {

    @LocalServerPort
    int port;

    @Test
    void managementEndpointsNeedAnAdminKey() {
        ApiClient api = new ApiClient(port);
        for (String path : new String[] {"/actuator", "/actuator/loggers", "/actuator/prometheus", "/actuator/metrics"}) {
            ApiClient.Response anonymous = api.get(path, null);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.header("content-type")).startsWith("application/problem+json");
            assertThat(anonymous.json().get("type").asString()).isEqualTo("https://agentry.dev/problems/unauthorized");
            assertThat(api.get(path, "wrong").status()).as(path).isEqualTo(401);
            assertThat(api.get(path, "alice-key").status()).as(path).isEqualTo(403);
            assertThat(api.get(path, "service-key").status()).as(path).isEqualTo(403);
        }
        assertThat(api.get("/actuator/loggers", "admin-key").status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", "admin-key").status()).isEqualTo(200);
    }
}
