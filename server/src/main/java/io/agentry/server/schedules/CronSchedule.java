package io.agentry.server.schedules;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.springframework.scheduling.support.CronExpression;

/**
 * A cron expression read in a time zone: Spring's {@link CronExpression} (six fields, seconds first, or a
 * macro such as {@code @daily}); a classic five-field expression (minutes first) is accepted and fires at
 * second 0. Daylight-saving gaps and overlaps are handled by Spring's rules for the zone.
 */
public final class CronSchedule {

    public static final int MAX_EXPRESSION_LENGTH = 200;

    /** An expression or zone that cannot be used; the message is safe to show and names the field. */
    public static final class InvalidException extends Exception {
        private final String field;

        InvalidException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private final CronExpression expression;
    private final ZoneId zone;

    private CronSchedule(CronExpression expression, ZoneId zone) {
        this.expression = expression;
        this.zone = zone;
    }

    public static CronSchedule parse(String expression, String zone) throws InvalidException {
        if (expression == null || expression.isBlank()) {
            throw new InvalidException("cron", "must not be blank");
        }
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw new InvalidException("cron", "must be at most " + MAX_EXPRESSION_LENGTH + " characters");
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidException("time_zone", "is not a known time zone (use an IANA name such as Europe/Paris)");
        }
        String trimmed = expression.strip();
        String sixFields = !trimmed.startsWith("@") && trimmed.split("\\s+").length == 5 ? "0 " + trimmed : trimmed;
        checkLastDayOffset(sixFields);
        try {
            return new CronSchedule(CronExpression.parse(sixFields), zoneId);
        } catch (IllegalArgumentException e) {
            throw new InvalidException("cron", "is not a valid cron expression (six fields, seconds first, or five "
                    + "fields, minutes first): " + e.getMessage());
        }
    }

    /**
     * Spring accepts any {@code L-n} (n days before the month's last) and, for n past the month's length,
     * fires on some day of another month; a month has at most 31 days, so n above 30 names no day.
     */
    private static void checkLastDayOffset(String sixFields) throws InvalidException {
        String[] fields = sixFields.split("\\s+");
        if (fields.length != 6) {
            return; // a macro, or a count Spring refuses with its own message
        }
        java.util.regex.Matcher offset = java.util.regex.Pattern.compile("L-(\\d+)").matcher(fields[3]);
        while (offset.find()) {
            if (offset.group(1).length() > 2 || Integer.parseInt(offset.group(1)) > 30) {
                throw new InvalidException("cron", "is not a valid cron expression: L-" + offset.group(1)
                        + " in the day-of-month field names no day (a month has at most 31 days: use L-0 to L-30)");
            }
        }
    }

    /** The first tick strictly after {@code instant}, or null if there is none. */
    public Instant next(Instant instant) {
        ZonedDateTime next = expression.next(instant.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    /** The first tick at or after {@code instant}, or null if there is none. */
    public Instant firstFrom(Instant instant) {
        return next(instant.minusNanos(1));
    }
}
