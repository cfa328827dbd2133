package io.agentry.store;

import io.agentry.cost.Usage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Read side of the recorded runs: the usage ledger (runs, tokens and USD per user, day, model or agent)
 * and an agent's recent history for cost estimates. Every run that ran, whatever its outcome, is in it.
 */
public interface UsageLedger {

    /**
     * How usage lines are grouped. {@code DAY} is the UTC calendar day the run started; {@code SCHEDULE} the
     * schedule that made the run (runs no schedule made form one group with a null key).
     */
    enum GroupBy { USER, DAY, MODEL, AGENT, SCHEDULE }

    /**
     * Runs started in {@code [from, to)}.
     *
     * @param userId     only this user's runs; null for every user
     * @param scheduleId only runs made by this schedule; null for every run
     */
    record UsageQuery(Instant from, Instant to, String userId, GroupBy groupBy, String scheduleId) {
        public UsageQuery {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(groupBy, "groupBy");
        }

        /** Every run of the range, or one user's. */
        public UsageQuery(Instant from, Instant to, String userId, GroupBy groupBy) {
            this(from, to, userId, groupBy, null);
        }
    }

    /**
     * One group's usage.
     *
     * @param key          the user id, UTC day ({@code 2026-05-12}), model, agent or schedule id
     * @param costUsd      sum of the priced runs' costs (0 when none was priced)
     * @param unpricedRuns runs whose model had no known price, so not in {@code costUsd}
     */
    record UsageLine(String key, long runs, Usage usage, BigDecimal costUsd, long unpricedRuns) {
    }

    /** One line per group with any run, ordered by key. */
    List<UsageLine> usage(UsageQuery query);

    /** The agent's most recent finished runs (not cancelled), newest first, at most {@code limit}. */
    List<RunRecord> recentRuns(String agent, int limit);
}
