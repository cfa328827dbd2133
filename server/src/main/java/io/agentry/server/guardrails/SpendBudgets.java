package io.agentry.server.guardrails;

import io.agentry.agent.Budget;
import io.agentry.cost.ModelPrice;
import io.agentry.cost.PriceBook;
import io.agentry.limits.SpendCounter;
import io.agentry.limits.SpendLimit;
import io.agentry.limits.SpendPeriod;
import io.agentry.limits.SpendScope;
import io.agentry.store.UsageLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Per-user (and per-key) spend budgets per day and per month ({@link BudgetProperties}).
 *
 * <p>Before a run starts, {@link #reserve} adds its worst-case cost ({@link Budget#worstCaseCostUsd}: its
 * USD cap, or all its tokens at the model's dearest rate) to every budget that applies, atomically and
 * only if it fits in all of them ({@link SpendCounter}), else throws {@link SpendBudgetExceededException}.
 * After the run, whatever its outcome, {@link Reservation#settle} replaces the reservation by the real
 * cost. So concurrent runs, on any replica, can never take spend past a budget. A run is charged to the
 * period in which it started. A model without a price cannot be charged: under a budget it is refused
 * ({@link SpendBudgetUnenforceableException}); with no budget configured it runs as before.
 *
 * <p>A user's bucket is seeded, whenever the counter does not have it (its first use in the period, a restart in
 * embedded mode, a Redis that lost its data), with the cost of that user's runs already recorded in the period
 * ({@link UsageLedger}), so none of these starts the period over; per-key buckets are not (runs do not record
 * their key) and start from zero. A
 * replica that dies mid-run never settles: its reservation stays counted until the run is presumed lost (the
 * {@code holdUntil} given, its time limit plus {@code agentry.runs.grace-after-time-limit}), then the counter
 * gives it back (what the dead run really spent is not known, so it is not charged). Refusals are counted in
 * {@code agent_budget_exceeded_total}.
 */
@Component
public class SpendBudgets {

    private static final Logger log = LoggerFactory.getLogger(SpendBudgets.class);
    static final String REFUSED_METRIC = "agent.budget.exceeded";

    private final BudgetProperties properties;
    private final SpendCounter counter;
    private final PriceBook prices;
    private final Clock clock;
    private final MeterRegistry meters;
    private final UsageLedger ledger;

    public SpendBudgets(BudgetProperties properties, SpendCounter counter, PriceBook prices, Clock clock,
                        MeterRegistry meters, UsageLedger ledger) {
        this.properties = properties;
        this.counter = counter;
        this.prices = prices;
        this.clock = clock;
        this.meters = meters;
        this.ledger = ledger;
        // at zero from the start, so rates and alerts over them work before the first refusal
        for (SpendScope scope : SpendScope.values()) {
            for (SpendPeriod period : SpendPeriod.values()) {
                refusals(scope, period);
            }
        }
    }

    /** Refused runs: {@code agent_budget_exceeded_total{scope, period}}. */
    private Counter refusals(SpendScope scope, SpendPeriod period) {
        return meters.counter(REFUSED_METRIC, "scope", scope.wireName(), "period", period.wireName());
    }

    /** A reservation to settle exactly once when the run has ended. */
    public interface Reservation {

        Reservation NONE = actualCostUsd -> { };

        /** Replaces the reservation by the run's real cost (null counts as nothing spent). Never throws. */
        void settle(BigDecimal actualCostUsd);
    }

    /**
     * Reserves a run's worst case in every budget that applies to the user and key.
     *
     * @param keyName   the API key's name; null when unknown (then only user budgets apply)
     * @param holdUntil when the run, if it has not settled by then, is presumed lost and its reservation given back
     * @throws SpendBudgetExceededException      when it does not fit in one of them
     * @throws SpendBudgetUnenforceableException when a budget applies and the model has no price
     */
    public Reservation reserve(String userId, String keyName, String model, Budget budget, Instant holdUntil) {
        Instant now = clock.instant();
        List<SpendLimit> limits = limits(userId, keyName, now);
        if (limits.isEmpty()) {
            return Reservation.NONE;
        }
        BigDecimal worstCase = worstCase(model, budget);
        SpendCounter.Hold hold = new SpendCounter.Hold(UUID.randomUUID().toString(), limits, worstCase, holdUntil);
        // each round seeds one missing bucket; one more can only go missing if Redis loses its data meanwhile
        for (int round = 0; round <= limits.size(); round++) {
            switch (counter.reserve(hold)) {
                case SpendCounter.Reserved _ -> {
                    return new Settlement(hold);
                }
                case SpendCounter.Refusal refusal -> throw refused(refusal, worstCase, now);
                case SpendCounter.Unseeded(SpendLimit missing) -> seed(userId, missing);
            }
        }
        throw new IllegalStateException("spend buckets of user " + userId + " keep disappearing while being seeded");
    }

    /**
     * The cheap admission check for work that will run later (a queued task): throws as {@link #reserve}
     * would if the run's worst case does not fit now, but reserves nothing. The real reservation happens
     * when the run starts.
     */
    public void checkRoom(String userId, String keyName, String model, Budget budget) {
        Instant now = clock.instant();
        List<SpendLimit> limits = limits(userId, keyName, now);
        if (limits.isEmpty()) {
            return;
        }
        BigDecimal worstCase = worstCase(model, budget);
        List<BigDecimal> spent = counter.spent(limits);
        for (int i = 0; i < limits.size(); i++) {
            BigDecimal inBucket = spent.get(i);
            if (inBucket == null && limits.get(i).fromLedger()) {
                seed(userId, limits.get(i));
                inBucket = counter.spent(List.of(limits.get(i))).getFirst();
            }
            inBucket = inBucket == null ? BigDecimal.ZERO : inBucket;
            if (inBucket.add(worstCase).compareTo(limits.get(i).budgetUsd()) > 0) {
                throw refused(new SpendCounter.Refusal(limits.get(i), inBucket), worstCase, now);
            }
        }
    }

    /** One budget that applies and what is spent or held in it now (what admission compares against it). */
    public record Standing(SpendLimit limit, BigDecimal spentUsd) {
    }

    /**
     * Every budget that applies to a run of {@code userId} through the key {@code keyName} now, with what is spent
     * or reserved in each: the figures admission checks (a user's missing bucket is seeded from the ledger first).
     */
    public List<Standing> standing(String userId, String keyName) {
        List<SpendLimit> limits = limits(userId, keyName, clock.instant());
        List<BigDecimal> spent = limits.isEmpty() ? List.of() : counter.spent(limits);
        List<Standing> standing = new ArrayList<>(limits.size());
        for (int i = 0; i < limits.size(); i++) {
            BigDecimal inBucket = spent.get(i);
            if (inBucket == null && limits.get(i).fromLedger()) {
                seed(userId, limits.get(i));
                inBucket = counter.spent(List.of(limits.get(i))).getFirst();
            }
            standing.add(new Standing(limits.get(i), inBucket == null ? BigDecimal.ZERO : inBucket));
        }
        return standing;
    }

    private BigDecimal worstCase(String model, Budget budget) {
        ModelPrice price = prices.priceFor(model).orElseThrow(() -> new SpendBudgetUnenforceableException(model));
        return budget.worstCaseCostUsd(price);
    }

    private SpendBudgetExceededException refused(SpendCounter.Refusal refusal, BigDecimal worstCase, Instant now) {
        SpendLimit limit = refusal.limit();
        refusals(limit.scope(), limit.period()).increment();
        return new SpendBudgetExceededException(limit.scope(), limit.period(), limit.budgetUsd(), refusal.spentUsd(),
                worstCase, limit.resetsAt(), Duration.between(now, limit.resetsAt()));
    }

    /** Every budget that applies, for the periods containing {@code now}. */
    List<SpendLimit> limits(String userId, String keyName, Instant now) {
        List<SpendLimit> limits = new ArrayList<>(4);
        add(limits, SpendScope.USER, userId, properties.forUser(userId), now);
        if (keyName != null && properties.keys().containsKey(keyName)) {
            add(limits, SpendScope.KEY, keyName, properties.keys().get(keyName), now);
        }
        return limits;
    }

    /** A user's buckets are seeded from the ledger where missing; a key's start from zero (the ledger has no key column). */
    private void add(List<SpendLimit> limits, SpendScope scope, String id, BudgetProperties.Period budgets, Instant now) {
        ZonedDateTime local = now.atZone(properties.zone());
        LocalDate day = local.toLocalDate();
        if (budgets.dailyUsd() != null) {
            limits.add(new SpendLimit("spend:" + scope.wireName() + ":" + id + ":day:" + day, scope, SpendPeriod.DAY,
                    budgets.dailyUsd(), start(day.plusDays(1)), scope == SpendScope.USER));
        }
        if (budgets.monthlyUsd() != null) {
            LocalDate month = day.withDayOfMonth(1);
            limits.add(new SpendLimit("spend:" + scope.wireName() + ":" + id + ":month:" + month.toString().substring(0, 7),
                    scope, SpendPeriod.MONTH, budgets.monthlyUsd(), start(month.plusMonths(1)), scope == SpendScope.USER));
        }
    }

    private Instant start(LocalDate day) {
        return day.atStartOfDay(properties.zone()).toInstant();
    }

    /**
     * Seeds a user's missing bucket with what the ledger recorded in its period (another process may seed it
     * first: the counter keeps the first seed).
     */
    private void seed(String userId, SpendLimit limit) {
        ZonedDateTime end = limit.resetsAt().atZone(properties.zone());
        Instant periodStart = (limit.period() == SpendPeriod.DAY ? end.minusDays(1) : end.minusMonths(1)).toInstant();
        BigDecimal recorded = ledger.usage(new UsageLedger.UsageQuery(periodStart, limit.resetsAt(), userId,
                        UsageLedger.GroupBy.USER)).stream()
                .map(UsageLedger.UsageLine::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        counter.seed(limit, recorded);
    }

    private final class Settlement implements Reservation {

        private final SpendCounter.Hold hold;
        private final AtomicBoolean settled = new AtomicBoolean();

        Settlement(SpendCounter.Hold hold) {
            this.hold = hold;
        }

        @Override
        public void settle(BigDecimal actualCostUsd) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            BigDecimal actual = actualCostUsd == null ? BigDecimal.ZERO : actualCostUsd;
            try {
                counter.settle(hold, actual);
            } catch (RuntimeException e) {
                // the reservation stays counted until it expires; the run's real cost is never charged
                log.error("could not settle a spend reservation of ${} to ${}", hold.amountUsd().toPlainString(),
                        actual.toPlainString(), e);
            }
        }
    }
}
