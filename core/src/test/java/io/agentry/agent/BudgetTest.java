package io.agentry.agent;

import static org.assertj.core.api.Assertions.assertThat;

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
}
