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
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SpendCounter} must do. A backend's test extends this and supplies the counter. */
public abstract class SpendCounterContract {

    /** How long the holds these tests make are held. */
    protected static final Duration LEASE = Duration.ofMinutes(10);

    /** The time the counter under test reads; tests move it. */
    protected final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private SpendCounter counter;

    /** A counter (on a fresh or shared backend) that reads {@code clock}. */
    protected abstract SpendCounter newCounter(Clock clock);

    /** Forgets every bucket and hold, as a restart (embedded mode) or a Redis that lost its data does. */
    protected abstract void loseEverything();

    @BeforeEach
    void createCounter() {
        counter = newCounter(clock);
    }

    /** For {@link #loseEverything} of a backend that lives in the counter: a new counter, as after a restart. */
    protected final void restartCounter() {
        counter = newCounter(clock);
    }

    protected final SpendCounter counter() {
        return counter;
    }

    private SpendLimit limit(String budget) {
        return new SpendLimit("spend-" + UUID.randomUUID(), SpendScope.USER, SpendPeriod.DAY, new BigDecimal(budget),
                clock.instant().plus(1, ChronoUnit.DAYS));
    }

    /** A user's limit: its bucket must be seeded from the ledger wherever it is missing. */
    protected final SpendLimit ledgerLimit(String budget) {
        return new SpendLimit("spend-" + UUID.randomUUID(), SpendScope.USER, SpendPeriod.DAY, new BigDecimal(budget),
                clock.instant().plus(1, ChronoUnit.DAYS), true);
    }

    /** A hold of a run whose time limit ends {@link #LEASE} from now. */
    protected final SpendCounter.Hold hold(String usd, SpendLimit... limits) {
        return new SpendCounter.Hold(UUID.randomUUID().toString(), List.of(limits), new BigDecimal(usd),
                clock.instant().plus(LEASE));
    }

    private BigDecimal spent(SpendLimit limit) {
        return counter().spent(List.of(limit)).getFirst();
    }

    private SpendCounter.Outcome reserve(String usd, SpendLimit... limits) {
        return counter().reserve(hold(usd, limits));
    }

    @Test
    void reservationsFitUpToTheBudgetExactlyAndNoFurther() {
        SpendLimit day = limit("1.00");

        assertThat(reserve("0.60", day)).isEqualTo(SpendCounter.RESERVED);
        assertThat(reserve("0.40", day)).as("exactly at the budget fits").isEqualTo(SpendCounter.RESERVED);
        SpendCounter.Outcome refused = reserve("0.0000000001", day);

        assertThat(refused).isInstanceOfSatisfying(SpendCounter.Refusal.class, r -> {
            assertThat(r.limit()).isEqualTo(day);
            assertThat(r.spentUsd()).isEqualByComparingTo("1.00");
        });
        assertThat(spent(day)).isEqualByComparingTo("1.00");
    }

    @Test
    void aReservationIsAddedToEveryBucketOrToNone() {
        SpendLimit day = limit("1.00");
        SpendLimit month = limit("0.50");

        SpendCounter.Outcome refused = reserve("0.75", day, month);

        assertThat(refused).isInstanceOfSatisfying(SpendCounter.Refusal.class, r -> assertThat(r.limit()).isEqualTo(month));
        assertThat(counter().spent(List.of(day, month))).as("neither bucket created").containsOnlyNulls();
        assertThat(reserve("0.5", day, month)).isEqualTo(SpendCounter.RESERVED);
        assertThat(counter().spent(List.of(day, month)))
                .satisfiesExactly(d -> assertThat(d).isEqualByComparingTo("0.5"), m -> assertThat(m).isEqualByComparingTo("0.5"));
    }

    @Test
    void settlingReplacesTheHoldByTheRealCostToTheTenthDecimal() {
        SpendLimit day = limit("1.00");
        SpendCounter.Hold run = hold("0.03", day);
        counter().reserve(run);

        counter().settle(run, new BigDecimal("0.0000641234"));

        assertThat(spent(day)).isEqualByComparingTo("0.0000641234");
    }

    @Test
    void aHoldNeverSettledIsGivenBackInEveryBucketWhenItExpiresAndNotBefore() {
        SpendLimit day = limit("1.00");
        SpendLimit month = limit("2.00");
        counter().reserve(hold("0.60", day, month));

        clock.advance(LEASE.minusMillis(1));
        assertThat(reserve("0.50", day, month)).as("still held a millisecond before it expires").isInstanceOf(SpendCounter.Refusal.class);
        assertThat(counter().spent(List.of(day, month))).allSatisfy(s -> assertThat(s).isEqualByComparingTo("0.60"));

        clock.advance(Duration.ofMillis(1));
        assertThat(counter().spent(List.of(day, month))).allSatisfy(s -> assertThat(s).isZero());
        assertThat(reserve("1.00", day, month)).as("the whole budget is free again").isEqualTo(SpendCounter.RESERVED);
    }

    @Test
    void anExpiredHoldIsGivenBackByTheNextReservationWithoutAReadBeforeIt() {
        SpendLimit day = limit("1.00");
        counter().reserve(hold("0.60", day));

        clock.advance(LEASE);

        assertThat(reserve("0.90", day)).isEqualTo(SpendCounter.RESERVED);
        assertThat(spent(day)).isEqualByComparingTo("0.90");
    }

    @Test
    void aHoldSettledAfterItExpiredChargesOnlyTheRealCost() {
        SpendLimit day = limit("1.00");
        SpendCounter.Hold late = hold("0.60", day);
        counter().reserve(late);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(spent(day)).isZero();

        counter().settle(late, new BigDecimal("0.20"));

        assertThat(spent(day)).isEqualByComparingTo("0.20");
    }

    @Test
    void settlingOneHoldLeavesTheOthersToExpireWithTheirOwnAmounts() {
        SpendLimit day = limit("1.00");
        SpendCounter.Hold first = hold("0.30", day);
        counter().reserve(first);
        clock.advance(Duration.ofMinutes(1));
        counter().reserve(hold("0.40", day));

        counter().settle(first, new BigDecimal("0.10"));
        assertThat(spent(day)).isEqualByComparingTo("0.50");

        clock.advance(LEASE.minusMinutes(1));
        assertThat(spent(day)).as("the settled hold's expiry gives nothing back")
                .isEqualByComparingTo("0.50");
        clock.advance(Duration.ofMinutes(1));
        assertThat(spent(day)).isEqualByComparingTo("0.10");
    }

    @Test
    void concurrentReservationsNeverPassTheBudget() throws Exception {
        SpendLimit day = limit("1.00");
        SpendLimit month = limit("5.00");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                attempts.add(() -> reserve("0.1", day, month).equals(SpendCounter.RESERVED));
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
        assertThat(reserve("0.0000000001", none)).isInstanceOf(SpendCounter.Refusal.class);
        assertThat(reserve("0", none)).isEqualTo(SpendCounter.RESERVED);
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
        assertThat(reserve("0.2", fresh)).isInstanceOf(SpendCounter.Refusal.class);
    }

    @Test
    void aBucketFromTheLedgerIsReportedUnseededUntilSeededAndOnlyThenCounted() {
        SpendLimit key = limit("1.00");
        SpendLimit user = ledgerLimit("1.00");

        assertThat(reserve("0.30", key, user)).isEqualTo(new SpendCounter.Unseeded(user));
        assertThat(counter().spent(List.of(key, user))).as("nothing reserved, nothing created").containsOnlyNulls();

        counter().seed(user, new BigDecimal("0.80"));
        assertThat(reserve("0.30", key, user)).isInstanceOf(SpendCounter.Refusal.class);
        assertThat(reserve("0.20", key, user)).isEqualTo(SpendCounter.RESERVED);
        assertThat(counter().spent(List.of(key, user)))
                .satisfiesExactly(k -> assertThat(k).isEqualByComparingTo("0.20"), u -> assertThat(u).isEqualByComparingTo("1.00"));
    }

    @Test
    void afterLosingItsDataTheCounterAsksForSeedsAgainAndNeitherASettlementNorAnExpiryRecreatesABucket() {
        SpendLimit user = ledgerLimit("1.00");
        counter().seed(user, BigDecimal.ZERO);
        SpendCounter.Hold settled = hold("0.30", user);
        counter().reserve(settled);
        counter().reserve(hold("0.30", user));

        loseEverything();
        counter().settle(settled, new BigDecimal("0.10"));
        clock.advance(LEASE);

        assertThat(counter().spent(List.of(user))).containsOnlyNulls();
        assertThat(reserve("0.10", user)).isEqualTo(new SpendCounter.Unseeded(user));
        counter().seed(user, new BigDecimal("0.10")); // what the ledger recorded: the settled run
        assertThat(reserve("0.95", user)).isInstanceOf(SpendCounter.Refusal.class);
        assertThat(reserve("0.90", user)).isEqualTo(SpendCounter.RESERVED);
    }
}
