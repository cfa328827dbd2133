package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.GuardrailsServerTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code POST /estimate} against what offline-model runs really cost. */
@GuardrailsServerTest
class EstimateApiTest {

    /** Tool-using (two calls) and plain (one call) messages, as an agent's traffic would mix them. */
    private static final List<String> MESSAGES = List.of("what is 17*23?", "hello there, how are you today?",
            "what is 1250/5 and 3*3?", "tell me something about the sea");

    @LocalServerPort
    int port;

    private ApiClient api() {
        return new ApiClient(port);
    }

    private JsonNode estimate(Map<String, Object> body) {
        ApiClient.Response response = api().postJson("/estimate", "service-key", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode run(Map<String, Object> body) {
        ApiClient.Response response = api().postJson("/run", "service-key", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void withoutHistoryTheDocumentedDefaultsAreTheBasis() {
        JsonNode estimate = estimate(Map.of("message", "hi", "user_id", "est", "agent", "bulk"));

        assertThat(estimate.get("model").asString()).isEqualTo("offline");
        assertThat(estimate.get("iterations").asInt()).isEqualTo(2);
        assertThat(estimate.get("output_tokens").asLong()).isEqualTo(500);
        JsonNode basis = estimate.get("basis");
        assertThat(basis.get("source").asString()).isEqualTo("defaults");
        assertThat(basis.get("tokenizer").asString()).isEqualTo("o200k_base");
        assertThat(basis.get("tokenizer_exact").asBoolean()).isTrue();
        BigDecimal low = estimate.get("low_usd").decimalValue();
        BigDecimal point = estimate.get("estimated_cost_usd").decimalValue();
        assertThat(low).isLessThanOrEqualTo(point);
        assertThat(point).isLessThanOrEqualTo(estimate.get("high_usd").decimalValue());
    }

    @Test
    void estimatesFromTheAgentsHistoryBracketWhatOfflineRunsReallyCost() {
        for (int round = 0; round < 3; round++) {
            for (String message : MESSAGES) {
                run(Map.of("message", message, "user_id", "est", "agent", "estimator"));
            }
        }

        for (String message : MESSAGES) {
            Map<String, Object> body = Map.of("message", message, "user_id", "est", "agent", "estimator");
            JsonNode estimate = estimate(body);
            JsonNode actual = run(body);

            assertThat(estimate.get("basis").get("source").asString()).isEqualTo("history");
            assertThat(estimate.get("basis").get("runs").asInt()).isGreaterThanOrEqualTo(12);
            BigDecimal cost = actual.get("cost_usd").decimalValue();
            assertThat(cost).as("'%s' costs %s; estimate %s", message, cost, estimate)
                    .isBetween(estimate.get("low_usd").decimalValue(), estimate.get("high_usd").decimalValue());
            if (actual.get("iterations").asInt() == 1) {
                // one call: its prompt is exactly what the estimate counted
                assertThat(actual.get("usage").get("input_tokens").asLong())
                        .isEqualTo(estimate.get("basis").get("prompt_tokens").asLong());
            }
        }
    }

    @Test
    void theSessionsHistoryCountsInThePrompt() {
        JsonNode first = run(Map.of("message", "remember the word albatross", "user_id", "est-session"));
        String session = first.get("session_id").asString();
        long fresh = estimate(Map.of("message", "what did I say?", "user_id", "est-session")).get("basis").get("prompt_tokens").asLong();
        JsonNode inSession = estimate(Map.of("message", "what did I say?", "user_id", "est-session", "session_id", session));

        assertThat(inSession.get("basis").get("prompt_tokens").asLong()).isGreaterThan(fresh);
        JsonNode actual = run(Map.of("message", "what did I say?", "user_id", "est-session", "session_id", session));
        assertThat(actual.get("usage").get("input_tokens").asLong()).isEqualTo(inSession.get("basis").get("prompt_tokens").asLong());
    }

    @Test
    void aRunThatAsksIsRefusedWhenItsEstimateExceedsItsCap() {
        ApiClient.Response refused = api().postJson("/run", "service-key", Map.of("message", "hi", "user_id", "est-cap",
                "agent", "bulk", "budget", Map.of("max_cost_usd", 0.00001, "refuse_over_estimate", true)));

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asString()).isEqualTo("https://agentry.dev/problems/estimate-over-budget");
        assertThat(problem.get("detail").asString()).startsWith("Estimated cost $").endsWith("exceeds the run's USD cap of $0.00001");
        assertThat(problem.get("estimated_cost_usd").decimalValue()).isGreaterThan(new BigDecimal("0.00001"));

        ApiClient.Response noCap = api().postJson("/run", "service-key", Map.of("message", "hi", "user_id", "est-cap",
                "budget", Map.of("refuse_over_estimate", true)));
        assertThat(noCap.status()).isEqualTo(422);
        assertThat(noCap.json().get("errors").get(0).get("field").asString()).isEqualTo("budget.refuse_over_estimate");

        ApiClient.Response fits = api().postJson("/run", "service-key", Map.of("message", "hi", "user_id", "est-cap",
                "budget", Map.of("max_cost_usd", 0.5, "refuse_over_estimate", true)));
        assertThat(fits.status()).isEqualTo(200);
    }

    @Test
    void estimatesAreValidatedLikeRuns() {
        assertThat(api().postJson("/estimate", "service-key", Map.of("message", "hi")).status()).isEqualTo(422);
        assertThat(api().postJson("/estimate", "service-key", Map.of("message", "hi", "user_id", "u", "agent", "nope")).status()).isEqualTo(422);
        assertThat(api().postJson("/estimate", null, Map.of("message", "hi", "user_id", "u")).status()).isEqualTo(401);
    }
}
