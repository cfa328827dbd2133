package io.agentry.limits;

import java.util.Locale;

/** Whose spend a budget caps: one user's, or one API key's (all the users it acts for). */
public enum SpendScope {
    USER, KEY;

    /** The name clients see ({@code user}, {@code key}) in problems, metrics and bucket names. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
