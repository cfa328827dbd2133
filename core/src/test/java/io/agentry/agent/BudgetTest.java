package io.agentry.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.cost.ModelPrice;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BudgetTest {

    @Test
    void aRequestCanOnlyLowerTheCaps() {
        Budget agent = new Budget(50_000, new BigDecimal("1.00"));
        assertThat(agent.lowerTo(1_000L, new BigDecimal("0.10"))).isEqualTo(new Budget(1_000, new BigDecimal("0.10")));
        assertThat(agent.lowerTo(90_000L, new BigDecimal("5"))).isEqualTo(agent);
        assertThat(agent.lowerTo(null, null)).isEqualTo(agent);
        assertThat(new Budget(50_000, null).lowerTo(null, new BigDecimal("0.5")).maxCostUsd()).isEqualByComparingTo("0.5");
    }

    @Test
    void theWorstCaseIsEveryTokenAtTheDearestRateOrTheUsdCapWhicheverIsLower() {
        ModelPrice price = ModelPrice.of("3", "15", "0.3", "3.75");
        assertThat(new Budget(10_000, null).worstCaseCostUsd(price)).isEqualByComparingTo("0.15");
        assertThat(new Budget(10_000, new BigDecimal("0.05")).worstCaseCostUsd(price)).isEqualByComparingTo("0.05");
        assertThat(new Budget(10_000, new BigDecimal("9")).worstCaseCostUsd(price)).isEqualByComparingTo("0.15");
        assertThat(new Budget(10_000, null).worstCaseCostUsd(ModelPrice.of("20", "1", "1", "20"))).isEqualByComparingTo("0.2");
    }
}
