package io.agentry.server.config;

import java.time.Duration;

/**
 * Defaults and checks for the optional settings of {@code @ConfigurationProperties} records: an unset value takes
 * its default, a set one must make sense, else start-up fails naming the property.
 */
public final class PropertyDefaults {

    private PropertyDefaults() {
    }

    /** {@code value}, or {@code fallback} when unset; zero and negative durations are refused. */
    public static Duration positive(Duration value, Duration fallback, String property) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(property + " must be positive");
        }
        return value;
    }

    /** {@code value}, or {@code fallback} when unset; values below 1 are refused. */
    public static int atLeastOne(Integer value, int fallback, String property) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException(property + " must be at least 1");
        }
        return value;
    }
}
