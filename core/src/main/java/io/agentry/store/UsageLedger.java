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

    /** How usage lines are grouped. {@code DAY} is the UTC calendar day the run started. */
    enum GroupBy { USER, DAY, MODEL, AGENT }

    /**
     * Runs started in {@code [from, to)}.
     *
     * @param userId only this user's runs; null for every user
     */
    record UsageQuery(Instant from, Instant to, String userId, GroupBy groupBy) {
        public UsageQuery {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(groupBy, "groupBy");
        }
    }

    /**
     * One group's usage.
     *
     * @param key          the user id, UTC day ({@code 2026-05-12}), model or agent
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
