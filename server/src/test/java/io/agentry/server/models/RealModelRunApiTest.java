package io.agentry.server.models;

import static io.agentry.server.models.ProviderServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
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

/** The whole server over HTTP with its default agent on {@code openai:gpt-4o-mini}, served by a mock OpenAI. */
@AgentryServerTest
@ExtendWith(OutputCaptureExtension.class)
class RealModelRunApiTest {

    private static final String KEY = "sk-e2e-" + Long.toHexString(System.nanoTime()) + "-secret";
    private static final ProviderServer OPENAI = new ProviderServer();

    @DynamicPropertySource
    static void openAi(DynamicPropertyRegistry registry) {
        registry.add("agentry.default-agent", () -> "mini");
        registry.add("agentry.agents.mini.model", () -> "openai:gpt-4o-mini");
        registry.add("agentry.agents.mini.system-prompt", () -> "Answer briefly.");
        registry.add("agentry.agents.mini.tools", () -> "calculator");
        registry.add("agentry.providers.openai.base-url", () -> OPENAI.url("/v1"));
        registry.add("agentry.providers.openai.api-key", () -> KEY);
        registry.add("agentry.providers.openai.max-attempts", () -> "2");
        registry.add("agentry.providers.openai.initial-backoff", () -> "1ms");
    }

    @AfterAll
    static void stopOpenAi() {
        OPENAI.close();
    }

    @LocalServerPort
    int port;

    @Test
    void runAnswersWithTheModelsContentUsageAndCost(CapturedOutput output) {
        OPENAI.enqueue(json(200, OpenAiWireTest.completion(OpenAiWireTest.text("Paris."), "stop", 2048, 1024, 3)));

        ApiClient.Response response = new ApiClient(port).postJson("/run", "service-key",
                Map.of("message", "Capital of France?", "user_id", "bob"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("content").asString()).isEqualTo("Paris.");
        assertThat(body.get("agent").asString()).isEqualTo("mini");
        assertThat(body.get("model").asString()).isEqualTo("gpt-4o-mini-2024-07-18");
        JsonNode usage = body.get("usage");
        assertThat(usage.get("input_tokens").asLong()).isEqualTo(1024);
        assertThat(usage.get("cache_read_tokens").asLong()).isEqualTo(1024);
        assertThat(usage.get("cache_write_tokens").asLong()).isZero();
        assertThat(usage.get("output_tokens").asLong()).isEqualTo(3);
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(2051);
        // 1024*0.15 + 1024*0.075 + 3*0.60 = 153.6 + 76.8 + 1.8 = 232.2 micro-dollars; uncached 2048*0.15 + 1.8
        assertThat(body.get("cost_usd").decimalValue()).isEqualByComparingTo("0.0002322");
        assertThat(body.get("cache_savings_usd").decimalValue()).isEqualByComparingTo("0.0000768");

        ProviderServer.Received request = OPENAI.received().getLast();
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.json().get("prompt_cache_key").asString()).isEqualTo("agentry-mini");
        assertThat(output.getAll()).doesNotContain(KEY);
    }

    @Test
    void aRejectedKeyFailsTheRunWithAClearErrorAndNeverShowsTheKey(CapturedOutput output) {
        OPENAI.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY.substring(0, 7)
                + "****" + KEY.substring(KEY.length() - 4) + ".\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"invalid_api_key\"}}"));
        int before = OPENAI.received().size();

        ApiClient.Response response = new ApiClient(port).postJson("/run", "service-key",
                Map.of("message", "Capital of Spain?", "user_id", "bob"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("status").asString()).isEqualTo("failed");
        assertThat(body.get("error").asString()).isEqualTo("openai returned HTTP 401 (authentication failed: invalid_api_key)");
        assertThat(OPENAI.received()).hasSize(before + 1);
        assertThat(response.body()).doesNotContain(KEY).doesNotContain("Incorrect API key").doesNotContain("Capital of Spain");
        assertThat(output.getAll()).doesNotContain(KEY).doesNotContain("Incorrect API key");
    }

    @Test
    void configurationEndpointsThatCouldShowTheKeyAreNotExposed() {
        ApiClient api = new ApiClient(port);
        for (String path : new String[] {"/actuator/env", "/actuator/configprops",
                "/actuator/env/agentry.providers.openai.api-key"}) {
            ApiClient.Response response = api.get(path, "admin-key");
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body()).doesNotContain(KEY);
        }
    }
}
