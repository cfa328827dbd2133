package io.agentry.run;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The states of a run or task, with the one table of allowed transitions:
 * queued → running → completed | failed | cancelled; queued → cancelled; running → queued (a retry,
 * or a lease that was lost); running → interrupted (a tool call waits for a person's approval, with no worker and
 * no lease), interrupted → queued (resumed with decisions, or its approval timed out and the calls were rejected),
 * interrupted → cancelled, interrupted → failed (its approval timed out and the agent fails such runs).
 * Terminal states have no way out.
 *
 * <p>Every queue backend writes status changes through this table: in memory through {@link #checkTransitionTo}
 * (by way of the task's withers), in SQL by guarding each update with the statuses {@link #sourcesOf} its target,
 * so a row in any other status is left alone.
 */
public enum RunStatus {
    QUEUED, RUNNING, INTERRUPTED, COMPLETED, FAILED, CANCELLED;

    private static final Map<RunStatus, Set<RunStatus>> ALLOWED = Map.of(
            QUEUED, EnumSet.of(RUNNING, CANCELLED),
            RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED, QUEUED, INTERRUPTED),
            INTERRUPTED, EnumSet.of(QUEUED, CANCELLED, FAILED),
            COMPLETED, EnumSet.noneOf(RunStatus.class),
            FAILED, EnumSet.noneOf(RunStatus.class),
            CANCELLED, EnumSet.noneOf(RunStatus.class));

    /** The table read backwards: for each status, the statuses it can be reached from. */
    private static final Map<RunStatus, Set<RunStatus>> SOURCES = new EnumMap<>(RunStatus.class);

    static {
        for (RunStatus target : values()) {
            EnumSet<RunStatus> sources = EnumSet.noneOf(RunStatus.class);
            for (RunStatus source : values()) {
                if (source.canTransitionTo(target)) {
                    sources.add(source);
                }
            }
            SOURCES.put(target, Collections.unmodifiableSet(sources));
        }
    }

    public boolean canTransitionTo(RunStatus next) {
        return ALLOWED.get(this).contains(next);
    }

    /**
     * {@code next} if the table allows moving there from this status.
     *
     * @throws IllegalStateException if it does not: a caller about to write an illegal transition has a bug, and
     *                               must not get to write it
     */
    public RunStatus checkTransitionTo(RunStatus next) {
        if (!canTransitionTo(next)) {
            throw new IllegalStateException("illegal status transition: " + wireName() + " -> " + next.wireName());
        }
        return next;
    }

    /**
     * The statuses from which {@code target} can be reached: what a store's guarded write of {@code target} may
     * find (a new task is queued by creation, not by a transition).
     */
    public static Set<RunStatus> sourcesOf(RunStatus target) {
        return SOURCES.get(target);
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
