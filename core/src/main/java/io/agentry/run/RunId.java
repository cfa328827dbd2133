package io.agentry.run;

import io.agentry.util.Ids;
import java.util.Objects;

/** Identifies one run (and the task that carries it, if any). */
public record RunId(String value) {

    public RunId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("run id must not be blank");
        }
    }

    /** A new, time-ordered id ({@link Ids#timeOrdered()}). */
    public static RunId generate() {
        return new RunId(Ids.timeOrdered());
    }

    @Override
    public String toString() {
        return value;
    }
}
