package io.agentry.server.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Query parameters that name a moment ({@code from}, {@code to} of the listings and the ledger). */
public final class TimeParameters {

    private TimeParameters() {
    }

    /**
     * An ISO date (its UTC midnight) or date-time with an offset; null for null; 422 naming {@code field} for
     * anything else.
     */
    public static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field, "must be an ISO date (2026-05-01) or date-time (2026-05-01T12:00:00Z)");
        }
    }
}
