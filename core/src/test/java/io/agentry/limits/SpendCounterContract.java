package io.agentry.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.testing.MovableClock;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SpendCounter} must do. A backend's test extends this and supplies the counter. */
public abstract class SpendCounterContract {

    private static final Duration LEASE = Duration.ofMinutes(10);

    /** The time the counter under test reads; tests move it. */
    protected final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private SpendCounter counter;

    /** A counter (on a fresh or shared backend) that reads {@code clock}. */
    protected abstract SpendCounter newCounter(Clock clock);

    @BeforeEach
    void createCounter() {
        counter = newCounter(clock);
    }

    private SpendCounter counter() {
        return counter;
    }

    private SpendLimit limit(String budget) {
        return new SpendLimit("spend-" + UUID.randomUUID(), "user", "day", new BigDecimal(budget),
                clock.instant().plus(1, ChronoUnit.DAYS));
    }

    /** A hold of a run whose time limit ends {@link #LEASE} from now. */
    private SpendCounter.Hold hold(String usd, SpendLimit... limits) {
        return new SpendCounter.Hold(UUID.randomUUID().toString(), List.of(limits), new BigDecimal(usd),
                clock.instant().plus(LEASE));
    }

    private Optional<SpendCounter.Refusal> reserve(String usd, SpendLimit... limits) {
        return counter().reserve(hold(usd, limits));
    }

    @Test
    void reservationsFitUpToTheBudgetExactlyAndNoFurther() {
        SpendLimit day = limit("1.00");

        assertThat(reserve("0.60", day)).isEmpty();
        assertThat(reserve("0.40", day)).as("exactly at the budget fits").isEmpty();
        Optional<SpendCounter.Refusal> refused = reserve("0.0000000001", day);

        assertThat(refused).isPresent();
        assertThat(refused.get().limit()).isEqualTo(day);
        assertThat(refused.get().spentUsd()).isEqualByComparingTo("1.00");
        assertThat(counter().spent(List.of(day)).getFirst()).isEqualByComparingTo("1.00");
    }

    @Test
    void aReservationIsAddedToEveryBucketOrToNone() {
        SpendLimit day = limit("1.00");
        SpendLimit month = limit("0.50");

        Optional<SpendCounter.Refusal> refused = reserve("0.75", day, month);

        assertThat(refused.orElseThrow().limit()).isEqualTo(month);
        assertThat(counter().spent(List.of(day, month))).allSatisfy(s -> assertThat(s).isZero());
        assertThat(reserve("0.5", day, month)).isEmpty();
        assertThat(counter().spent(List.of(day, month)))
                .satisfiesExactly(d -> assertThat(d).isEqualByComparingTo("0.5"), m -> assertThat(m).isEqualByComparingTo("0.5"));
    }

    @Test
    void settlingReplacesTheHoldByTheRealCostToTheTenthDecimal() {
        SpendLimit day = limit("1.00");
        SpendCounter.Hold run = hold("0.03", day);
        counter().reserve(run);

        counter().settle(run, new BigDecimal("0.0000641234"));

        assertThat(counter().spent(List.of(day)).getFirst()).isEqualByComparingTo("0.0000641234");
    }

    @Test
    void aHoldNeverSettledIsGivenBackInEveryBucketWhenItExpiresAndNotBefore() {
        SpendLimit day = limit("1.00");
        SpendLimit month = limit("2.00");
        counter().reserve(hold("0.60", day, month));

        clock.advance(LEASE.minusMillis(1));
        assertThat(reserve("0.50", day, month)).as("still held a millisecond before it expires").isPresent();
        assertThat(counter().spent(List.of(day, month))).allSatisfy(s -> assertThat(s).isEqualByComparingTo("0.60"));

        clock.advance(Duration.ofMillis(1));
        assertThat(counter().spent(List.of(day, month))).allSatisfy(s -> assertThat(s).isZero());
        assertThat(reserve("1.00", day, month)).as("the whole budget is free again").isEmpty();
    }

    @Test
    void anExpiredHoldIsGivenBackByTheNextReservationWithoutAReadBeforeIt() {
        SpendLimit day = limit("1.00");
        counter().reserve(hold("0.60", day));

        clock.advance(LEASE);

        assertThat(reserve("0.90", day)).isEmpty();
        assertThat(counter().spent(List.of(day)).getFirst()).isEqualByComparingTo("0.90");
    }

    @Test
    void aHoldSettledAfterItExpiredChargesOnlyTheRealCost() {
        SpendLimit day = limit("1.00");
        SpendCounter.Hold late = hold("0.60", day);
        counter().reserve(late);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(counter().spent(List.of(day)).getFirst()).isZero();

        counter().settle(late, new BigDecimal("0.20"));

        assertThat(counter().spent(List.of(day)).getFirst()).isEqualByComparingTo("0.20");
    }

    @Test
    void settlingOneHoldLeavesTheOthersToExpireWithTheirOwnAmounts() {
        SpendLimit day = limit("1.00");
        SpendCounter.Hold first = hold("0.30", day);
        counter().reserve(first);
        clock.advance(Duration.ofMinutes(1));
        SpendCounter.Hold second = hold("0.40", day);
        counter().reserve(second);

        counter().settle(first, new BigDecimal("0.10"));
        assertThat(counter().spent(List.of(day)).getFirst()).isEqualByComparingTo("0.50");

        clock.advance(LEASE.minusMinutes(1));
        assertThat(counter().spent(List.of(day)).getFirst()).as("the settled hold's expiry gives nothing back")
                .isEqualByComparingTo("0.50");
        clock.advance(Duration.ofMinutes(1));
        assertThat(counter().spent(List.of(day)).getFirst()).isEqualByComparingTo("0.10");
    }

    @Test
    void concurrentReservationsNeverPassTheBudget() throws Exception {
        SpendLimit day = limit("1.00");
        SpendLimit month = limit("5.00");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                attempts.add(() -> reserve("0.1", day, month).isEmpty());
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
        assertThat(reserve("0.0000000001", none)).isPresent();
        assertThat(reserve("0", none)).isEmpty();
    }

    @Test
    void seedingSetsOnlyABucketThatDoesNotExistYet() {
        SpendLimit fresh = limit("1.00");
        SpendLimit used = limit("1.00");
        reserve("0.25", used);

        counter().seed(fresh, new BigDecimal("0.90"));
        counter().seed(used, new BigDecimal("0.90"));

        assertThat(counter().spent(List.of(fresh, used)))
                .satisfiesExactly(f -> assertThat(f).isEqualByComparingTo("0.90"), u -> assertThat(u).isEqualByComparingTo("0.25"));
        assertThat(reserve("0.2", fresh)).isPresent();
    }
}
