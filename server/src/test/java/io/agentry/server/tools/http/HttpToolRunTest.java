package io.agentry.server.tools.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.MetricsScrape;
import io.agentry.server.testing.ToolEndpoint;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** An agent calls an HTTP tool through POST /run, driven by the offline model's /tool command. */
@AgentryServerTest
@ExtendWith(OutputCaptureExtension.class)
class HttpToolRunTest {

    private static final String SECRET = "signing-secret-" + System.nanoTime();
    private static final String TOKEN = "header-token-" + System.nanoTime();
    private static final ToolEndpoint ENDPOINT = start();

    @LocalServerPort
    int port;

    private static ToolEndpoint start() {
        try {
            return new ToolEndpoint();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void tools(DynamicPropertyRegistry registry) {
        String tool = "agentry.tools.http.lookup_order.";
        registry.add(tool + "description", () -> "Looks up an order by its id");
        registry.add(tool + "parameters", () -> "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"}},\"required\":[\"order_id\"]}");
        registry.add(tool + "url", () -> ENDPOINT.base() + "/orders/{order_id}");
        registry.add(tool + "headers[Authorization]", () -> "Bearer " + TOKEN);
        registry.add(tool + "signing-secret", () -> SECRET);
        registry.add(tool + "allow-private", () -> "true");
        registry.add("agentry.agents.orders.tools", () -> "lookup_order,calculator");
        registry.add("agentry.default-agent", () -> "orders");
    }

    @AfterAll
    static void stop() {
        ENDPOINT.close();
    }

    private JsonNode run(String message) {
        ApiClient.Response response = new ApiClient(port).postJson("/run", "service-key",
                Map.of("message", message, "user_id", "alice", "agent", "orders"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void theAgentCallsTheToolAndAnswersWithItsResult(CapturedOutput output) throws Exception {
        ENDPOINT.answer(ToolEndpoint.reply(200, "application/json", "{\"order\":\"A-17\",\"status\":\"shipped\"}"));

        JsonNode answer = run("/tool lookup_order {\"order_id\": \"A-17\"}");

        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(answer.get("content").asString()).isEqualTo("lookup_order returned: {\"order\":\"A-17\",\"status\":\"shipped\"}");
        assertThat(answer.get("tool_calls_made").toString()).isEqualTo("[\"lookup_order\"]");
        ToolEndpoint.Received request = ENDPOINT.next();
        assertThat(request.target()).isEqualTo("/orders/A-17");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("X-Agentry-User-Id")).isEqualTo("alice");
        assertThat(request.header("X-Agentry-Run-Id")).isEqualTo(answer.get("run_id").asString());
        assertThat(ToolEndpoint.verifies(request, SECRET)).isTrue();
        assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain(SECRET);
    }

    @Test
    void aNon2xxAnswerIsAToolErrorTheModelSeesAndCountsNotAFailedRun(CapturedOutput output) {
        ENDPOINT.answer(ToolEndpoint.reply(503, "text/plain", "orders database is down"));
        MetricsScrape before = MetricsScrape.of(new ApiClient(port), "admin-key");

        JsonNode answer = run("/tool lookup_order {\"order_id\": \"A-18\"}");

        assertThat(answer.get("success").asBoolean()).isTrue();
        assertThat(answer.get("status").asString()).isEqualTo("completed");
        assertThat(answer.get("content").asString()).isEqualTo("I could not use lookup_order: HTTP 503: orders database is down");
        MetricsScrape after = MetricsScrape.of(new ApiClient(port), "admin-key");
        assertThat(after.increaseSince(before, "agent_tool_errors_total", "error", "tool_error", "tool", "lookup_order")).isEqualTo(1);
        assertThat(after.increaseSince(before, "agent_tool_calls_total", "tool", "lookup_order")).isEqualTo(1);
        assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain(SECRET);
    }
}
