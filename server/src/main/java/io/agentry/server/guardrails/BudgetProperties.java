package io.agentry.server.guardrails;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spend budgets in USD ({@code agentry.budgets.*}). {@code daily-usd} and {@code monthly-usd} apply to every
 * user; {@code users[<id>].*} replaces them for one user; {@code keys.<name>.*} adds a budget for everything
 * spent through one API key, whichever user it acts for. A run must fit in every budget that applies. Days
 * and months start at midnight in {@code zone} (default UTC). Unset budgets do not apply.
 */
@ConfigurationProperties("agentry.budgets")
public record BudgetProperties(BigDecimal dailyUsd, BigDecimal monthlyUsd, Map<String, Period> users,
                               Map<String, Period> keys, ZoneId zone) {

    /** Amounts are compared exactly in Redis's Lua numbers only up to about this much (2^53 units of 10^-10 USD). */
    static final BigDecimal MAX_USD = new BigDecimal("900000");

    public record Period(BigDecimal dailyUsd, BigDecimal monthlyUsd) {
    }

    public BudgetProperties {
        users = users == null ? Map.of() : Map.copyOf(users);
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        zone = zone == null ? ZoneId.of("UTC") : zone;
        check("daily-usd", dailyUsd);
        check("monthly-usd", monthlyUsd);
        users.forEach((id, p) -> {
            check("users[" + id + "].daily-usd", p.dailyUsd());
            check("users[" + id + "].monthly-usd", p.monthlyUsd());
        });
        keys.forEach((name, p) -> {
            check("keys." + name + ".daily-usd", p.dailyUsd());
            check("keys." + name + ".monthly-usd", p.monthlyUsd());
        });
    }

    private static void check(String name, BigDecimal usd) {
        if (usd != null && (usd.signum() < 0 || usd.compareTo(MAX_USD) > 0)) {
            throw new IllegalStateException("agentry.budgets." + name + " must be between 0 and " + MAX_USD + " USD");
        }
    }

    /** The user's own budgets: their override where it sets a value, else the defaults. */
    Period forUser(String userId) {
        Period own = users.get(userId);
        return new Period(own != null && own.dailyUsd() != null ? own.dailyUsd() : dailyUsd,
                own != null && own.monthlyUsd() != null ? own.monthlyUsd() : monthlyUsd);
    }
}
