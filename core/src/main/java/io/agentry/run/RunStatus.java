package io.agentry.run;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The states of a run or task, with the one table of allowed transitions:
 * queued → running → completed | failed | cancelled; queued → cancelled; running → queued (a retry,
 * or a lease that was lost). Terminal states have no way out.
 */
public enum RunStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED, QUEUED),
            COMPLETED, EnumSet.noneOf(RunStatus.class),
            FAILED, EnumSet.noneOf(RunStatus.class),
            CANCELLED, EnumSet.noneOf(RunStatus.class));

    public boolean canTransitionTo(RunStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    public boolean isTerminal() {
        return ALLOWED.get(this).isEmpty();
    }

    /** The lower-case name used in JSON and in the store. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
