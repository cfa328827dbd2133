package io.agentry.run;

import java.util.Objects;
import java.util.UUID;

/** Identifies one run (and the task that carries it, if any). */
public record RunId(String value) {

    public RunId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("run id must not be blank");
        }
    }

    public static RunId random() {
        return new RunId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
