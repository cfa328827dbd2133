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
     * How usage lines are grouped. {@code DAY} is the UTC calendar day the run started ({@code 2026-05-12}),
     * {@code HOUR} its UTC hour ({@code 2026-05-12T14}); {@code SCHEDULE} the schedule that made the run (runs no
     * schedule made form one group with a null key).
     */
    enum GroupBy { USER, DAY, HOUR, MODEL, AGENT, SCHEDULE }

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
     * @param key          the user id, UTC day ({@code 2026-05-12}) or hour ({@code 2026-05-12T14}), model, agent or
     *                     schedule id
     * @param costUsd      sum of the priced runs' costs (0 when none was priced)
     * @param unpricedRuns runs whose model had no known price, so not in {@code costUsd}
     * @param failedRuns   runs that ended {@code failed} (not cancelled ones)
     * @param latencyP50Ms the median of the runs' latencies, by nearest rank (a latency some run had)
     * @param latencyP95Ms the 95th percentile of the runs' latencies, by nearest rank
     */
    record UsageLine(String key, long runs, Usage usage, BigDecimal costUsd, long unpricedRuns, long failedRuns,
                     long latencyP50Ms, long latencyP95Ms) {
    }

    /**
     * The nearest-rank percentile {@code p} (0 < p <= 1) of sorted values: the smallest value that at least a share
     * {@code p} of them do not exceed (SQL's {@code percentile_disc}).
     */
    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    /** One line per group with any run, ordered by key. */
    List<UsageLine> usage(UsageQuery query);

    /** The agent's most recent finished runs (not cancelled), newest first, at most {@code limit}. */
    List<RunRecord> recentRuns(String agent, int limit);
}
