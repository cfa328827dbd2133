package io.agentry.server.observability;

import java.io.Console;
import java.util.Locale;

/**
 * How the log is written on standard output ({@code agentry.log.format}, or the environment variable
 * {@code AGENTRY_LOG_FORMAT}): {@code json} lines ({@link JsonLogFormatter}), what log platforms read; {@code human},
 * Spring Boot's text lines (colored on a terminal); or {@code auto}, the default: human when the process runs at a
 * terminal (standard input and output both one, as when a person types {@code ./agentry}), JSON otherwise (a
 * container, a service manager, a pipe, a file), so that nothing a platform collects changes format.
 */
public enum LogFormat {
    AUTO, JSON, HUMAN;

    public static final String PROPERTY = "agentry.log.format";

    /** The format {@code configured} (null or blank: auto) means for a process that is at a terminal or not. */
    public static LogFormat resolve(String configured, boolean terminal) {
        LogFormat format = parse(configured);
        return format != AUTO ? format : terminal ? HUMAN : JSON;
    }

    /** Whether this process runs at a terminal. */
    public static boolean atTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    private static LogFormat parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(PROPERTY + " (or AGENTRY_LOG_FORMAT) must be auto, json or human, not '"
                    + value + "'");
        }
    }
}
