package io.agentry.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.GuardrailsServerTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code GET /usage}: the ledger adds up to the runs' own costs and shows each caller what it may see. */
@GuardrailsServerTest
class UsageApiTest {

    @LocalServerPort
    int port;

    private ApiClient api() {
        return new ApiClient(port);
    }

    private JsonNode usage(String key, String query) {
        ApiClient.Response response = api().get("/usage" + query, key);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void ledgerTotalsEqualTheSumOfTheRunsCostsFailedRunsIncluded() {
        String user = "ledger-" + UUID.randomUUID();
        List<JsonNode> runs = new ArrayList<>();
        runs.add(api().postJson("/run", "service-key", Map.of("message", "what is 17*23?", "user_id", user)).json());
        runs.add(api().postJson("/run", "service-key", Map.of("message", "hello", "user_id", user, "agent", "bulk")).json());
        runs.add(api().postJson("/run", "service-key", Map.of("message", "what is 2+2?", "user_id", user,
                "budget", Map.of("max_tokens", 300))).json());
        assertThat(runs.get(2).get("success").asBoolean()).isFalse();

        JsonNode usage = usage("admin-key", "?group_by=agent&user_id=" + user);

        BigDecimal cost = runs.stream().map(r -> r.get("cost_usd").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        long input = runs.stream().mapToLong(r -> r.get("usage").get("input_tokens").asLong()).sum();
        long output = runs.stream().mapToLong(r -> r.get("usage").get("output_tokens").asLong()).sum();
        JsonNode total = usage.get("total");
        assertThat(total.get("runs").asLong()).isEqualTo(3);
        assertThat(total.get("cost_usd").decimalValue()).isEqualByComparingTo(cost);
        assertThat(total.get("input_tokens").asLong()).isEqualTo(input);
        assertThat(total.get("output_tokens").asLong()).isEqualTo(output);
        assertThat(total.get("total_tokens").asLong()).isEqualTo(input + output);
        assertThat(total.get("cache_read_tokens").asLong()).isZero();
        assertThat(total.get("unpriced_runs").asLong()).isZero();
        assertThat(usage.get("group_by").asString()).isEqualTo("agent");
        assertThat(usage.get("user_id").asString()).isEqualTo(user);
        assertThat(usage.get("groups").valueStream().map(g -> g.get("key").asString())).containsExactly("bulk", "default");
        BigDecimal groupSum = usage.get("groups").valueStream().map(g -> g.get("cost_usd").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(groupSum).isEqualByComparingTo(cost);

        JsonNode byDay = usage("service-key", "?group_by=day&user_id=" + user);
        assertThat(byDay.get("groups")).hasSize(1);
        assertThat(byDay.get("groups").get(0).get("key").asString()).isEqualTo(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        assertThat(usage("admin-key", "?group_by=model&user_id=" + user).get("groups").get(0).get("key").asString()).isEqualTo("offline");
    }

    @Test
    void usersSeeTheirOwnAndAdminsEveryone() {
        String other = "other-" + UUID.randomUUID();
        api().postJson("/run", "alice-key", Map.of("message", "hi"));
        api().postJson("/run", "service-key", Map.of("message", "hi", "user_id", other));

        JsonNode own = usage("alice-key", "?group_by=user");
        assertThat(own.get("user_id").asString()).isEqualTo("alice");
        assertThat(own.get("groups").valueStream().map(g -> g.get("key").asString())).containsExactly("alice");

        assertThat(api().get("/usage?user_id=" + other, "alice-key").status()).isEqualTo(403);
        assertThat(api().get("/usage", "service-key").status()).as("a service key must name the user").isEqualTo(422);

        JsonNode everyone = usage("admin-key", "?group_by=user");
        assertThat(everyone.get("user_id").isNull()).isTrue();
        assertThat(everyone.get("groups").valueStream().map(g -> g.get("key").asString())).contains("alice", other);
    }

    @Test
    void theRangeIsHalfOpenAndValidated() {
        String user = "range-" + UUID.randomUUID();
        api().postJson("/run", "service-key", Map.of("message", "hi", "user_id", user));

        assertThat(usage("admin-key", "?user_id=" + user + "&from=2000-01-01&to=2000-01-02").get("total").get("runs").asLong()).isZero();
        JsonNode wide = usage("admin-key", "?user_id=" + user + "&from=2000-01-01T00:00:00Z&to=2999-01-01");
        assertThat(wide.get("total").get("runs").asLong()).isEqualTo(1);
        assertThat(wide.get("from").asString()).isEqualTo("2000-01-01T00:00:00Z");

        assertThat(api().get("/usage?group_by=week", "admin-key").status()).isEqualTo(422);
        assertThat(api().get("/usage?from=yesterday", "admin-key").status()).isEqualTo(422);
        assertThat(api().get("/usage?from=2026-02-01&to=2026-01-01", "admin-key").status()).isEqualTo(422);
        assertThat(api().get("/usage", null).status()).isEqualTo(401);
    }
}
