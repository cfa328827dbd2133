package io.agentry.server.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.GuardrailsServerTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code GET /budgets}: the budgets that apply and what is used of each, as admission counts it. */
@GuardrailsServerTest
class BudgetRouteTest {

    @LocalServerPort
    int port;

    @Test
    void showsAUsersDailyAndMonthlyBudgetsWithWhatItsRunsSpent() {
        ApiClient api = new ApiClient(port);
        JsonNode before = api.get("/budgets?user_id=standing-user", "service-key").json();
        assertThat(before.get("user_id").asString()).isEqualTo("standing-user");
        assertThat(before.get("budgets")).hasSize(2);
        JsonNode day = before.get("budgets").get(0);
        assertThat(day.get("scope").asString()).isEqualTo("user");
        assertThat(day.get("period").asString()).isEqualTo("day");
        assertThat(day.get("budget_usd").decimalValue()).isEqualByComparingTo("1");
        assertThat(day.get("resets_at").asString())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        assertThat(before.get("budgets").get(1).get("period").asString()).isEqualTo("month");
        assertThat(before.get("budgets").get(1).get("budget_usd").decimalValue()).isEqualByComparingTo("2");
        BigDecimal spentBefore = day.get("spent_usd").decimalValue();

        ApiClient.Response run = api.postJson("/run", "service-key", Map.of("message", "what is 2+2?", "user_id", "standing-user"));
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        BigDecimal cost = run.json().get("cost_usd").decimalValue();
        assertThat(cost).isPositive();

        JsonNode after = api.get("/budgets?user_id=standing-user", "service-key").json();
        assertThat(after.get("budgets").get(0).get("spent_usd").decimalValue()).isEqualByComparingTo(spentBefore.add(cost));
        assertThat(after.get("budgets").get(1).get("spent_usd").decimalValue())
                .isEqualByComparingTo(before.get("budgets").get(1).get("spent_usd").decimalValue().add(cost));
    }

    @Test
    void aKeysOwnBudgetIsShownToItsCallers() {
        JsonNode budgets = new ApiClient(port).get("/budgets?user_id=anyone", "capped-key").json().get("budgets");
        assertThat(budgets).singleElement().satisfies(b -> {
            assertThat(b.get("scope").asString()).isEqualTo("key");
            assertThat(b.get("key_name").asString()).isEqualTo("capped");
            assertThat(b.get("budget_usd").decimalValue()).isEqualByComparingTo("0.000001");
        });
    }

    @Test
    void aBoundKeySeesItsOwnUserOnlyAndOtherKeysMustNameOne() {
        ApiClient api = new ApiClient(port);
        JsonNode own = api.get("/budgets", "alice-key").json();
        assertThat(own.get("user_id").asString()).isEqualTo("alice");
        assertThat(own.get("budgets")).isEmpty();
        assertThat(api.get("/budgets?user_id=bob", "alice-key").status()).isEqualTo(403);
        assertThat(api.get("/budgets", "admin-key").status()).isEqualTo(422);
        assertThat(api.get("/budgets", null).status()).isEqualTo(401);
    }
}
