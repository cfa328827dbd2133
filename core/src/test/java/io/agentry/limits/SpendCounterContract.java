package io.agentry.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every {@link SpendCounter} must do. A backend's test extends this and supplies the counter. */
public abstract class SpendCounterContract {

    protected abstract SpendCounter counter();

    private static SpendLimit limit(String budget) {
        return new SpendLimit("spend-" + UUID.randomUUID(), "user", "day", new BigDecimal(budget),
                Instant.now().plus(1, ChronoUnit.DAYS));
    }

    @Test
    void reservationsFitUpToTheBudgetExactlyAndNoFurther() {
        SpendLimit day = limit("1.00");

        assertThat(counter().reserve(List.of(day), new BigDecimal("0.60"))).isEmpty();
        assertThat(counter().reserve(List.of(day), new BigDecimal("0.40"))).as("exactly at the budget fits").isEmpty();
        Optional<SpendCounter.Refusal> refused = counter().reserve(List.of(day), new BigDecimal("0.0000000001"));

        assertThat(refused).isPresent();
        assertThat(refused.get().limit()).isEqualTo(day);
        assertThat(refused.get().spentUsd()).isEqualByComparingTo("1.00");
        assertThat(counter().spent(List.of(day)).getFirst()).isEqualByComparingTo("1.00");
    }

    @Test
    void aReservationIsAddedToEveryBucketOrToNone() {
        SpendLimit day = limit("1.00");
        SpendLimit month = limit("0.50");

        Optional<SpendCounter.Refusal> refused = counter().reserve(List.of(day, month), new BigDecimal("0.75"));

        assertThat(refused.orElseThrow().limit()).isEqualTo(month);
        assertThat(counter().spent(List.of(day, month))).allSatisfy(s -> assertThat(s).isZero());
        assertThat(counter().reserve(List.of(day, month), new BigDecimal("0.5"))).isEmpty();
        assertThat(counter().spent(List.of(day, month)))
                .satisfiesExactly(d -> assertThat(d).isEqualByComparingTo("0.5"), m -> assertThat(m).isEqualByComparingTo("0.5"));
    }

    @Test
    void settlingGivesBackWhatARunDidNotSpendToTheTenthDecimal() {
        SpendLimit day = limit("1.00");
        counter().reserve(List.of(day), new BigDecimal("0.03"));

        counter().adjust(List.of(day), new BigDecimal("0.0000641234").subtract(new BigDecimal("0.03")));

        assertThat(counter().spent(List.of(day)).getFirst()).isEqualByComparingTo("0.0000641234");
    }

    @Test
    void concurrentReservationsNeverPassTheBudget() throws Exception {
        SpendLimit day = limit("1.00");
        SpendLimit month = limit("5.00");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                attempts.add(() -> counter().reserve(List.of(day, month), new BigDecimal("0.1")).isEmpty());
            }
            long admitted = 0;
            for (Future<Boolean> f : pool.invokeAll(attempts)) {
                admitted += f.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(10);
            assertThat(counter().spent(List.of(day, month)))
                    .satisfiesExactly(d -> assertThat(d).isEqualByComparingTo("1.0"), m -> assertThat(m).isEqualByComparingTo("1.0"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aZeroBudgetAdmitsNothingButAFreeRun() {
        SpendLimit none = limit("0");
        assertThat(counter().reserve(List.of(none), new BigDecimal("0.0000000001"))).isPresent();
        assertThat(counter().reserve(List.of(none), BigDecimal.ZERO)).isEmpty();
    }

    @Test
    void seedingSetsOnlyABucketThatDoesNotExistYet() {
        SpendLimit fresh = limit("1.00");
        SpendLimit used = limit("1.00");
        counter().reserve(List.of(used), new BigDecimal("0.25"));

        counter().seed(fresh, new BigDecimal("0.90"));
        counter().seed(used, new BigDecimal("0.90"));

        assertThat(counter().spent(List.of(fresh, used)))
                .satisfiesExactly(f -> assertThat(f).isEqualByComparingTo("0.90"), u -> assertThat(u).isEqualByComparingTo("0.25"));
        assertThat(counter().reserve(List.of(fresh), new BigDecimal("0.2"))).isPresent();
    }
}
