package io.agentry.limits;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A USD budget for one period of one scope, e.g. user alice's spend on 2026-05-12.
 *
 * @param bucket    names the scope and the period, so a new period starts from zero
 * @param scope     whose spend the budget caps
 * @param period    how long the budget runs before it starts afresh
 * @param budgetUsd the most that may be spent (and reserved) in the period
 * @param resetsAt  when the next period (a fresh bucket) starts
 * @param fromLedger the bucket must be seeded (with what the ledger recorded in the period) before a backend
 *                  that does not have it counts in it: after a first use, a restart or a lost Redis alike
 */
public record SpendLimit(String bucket, SpendScope scope, SpendPeriod period, BigDecimal budgetUsd, Instant resetsAt,
                         boolean fromLedger) {

    /** A limit whose bucket starts from zero wherever it is missing. */
    public SpendLimit(String bucket, SpendScope scope, SpendPeriod period, BigDecimal budgetUsd, Instant resetsAt) {
        this(bucket, scope, period, budgetUsd, resetsAt, false);
    }

    public SpendLimit {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(budgetUsd, "budgetUsd");
        Objects.requireNonNull(resetsAt, "resetsAt");
        if (budgetUsd.signum() < 0) {
            throw new IllegalArgumentException("a budget must not be negative");
        }
    }
}
