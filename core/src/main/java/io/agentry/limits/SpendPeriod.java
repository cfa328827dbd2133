package io.agentry.limits;

import java.util.Locale;

/** The period a spend budget covers before it starts afresh. */
public enum SpendPeriod {
    DAY("Daily"), MONTH("Monthly");

    private final String adjective;

    SpendPeriod(String adjective) {
        this.adjective = adjective;
    }

    /** The name clients see ({@code day}, {@code month}) in problems, metrics and bucket names. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "Daily" or "Monthly", for messages. */
    public String adjective() {
        return adjective;
    }
}
