package io.agentry.schedule;

import java.util.Locale;

/** What a schedule does about ticks that came due while no process could fire them (all were down). */
public enum CatchUp {
    /** The missed ticks make one run, as soon as a process is back. */
    ONE,
    /** Missed ticks are skipped; the schedule carries on from its next tick. */
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value for a wire name ({@code one}, {@code none}); {@link IllegalArgumentException} otherwise. */
    public static CatchUp fromWireName(String name) {
        for (CatchUp value : values()) {
            if (value.wireName().equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown catch-up '" + name + "'");
    }
}
