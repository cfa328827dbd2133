package io.agentry.server.config;

import java.util.Locale;

/**
 * What one process of the jar does ({@code agentry.role}): {@code all} (default: HTTP API and workers),
 * {@code api} (HTTP API; background tasks are only enqueued) or {@code worker} (runs background tasks;
 * serves only health and metrics over HTTP).
 */
public enum Role {
    ALL, API, WORKER;

    static final String PROPERTY = "agentry.role";

    static Role parse(String value) {
        if (value == null || value.isBlank()) {
            return ALL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("agentry.role must be all, api or worker, not '" + value + "'");
        }
    }

    public boolean servesApi() {
        return this != WORKER;
    }

    public boolean runsWorkers() {
        return this != API;
    }
}
