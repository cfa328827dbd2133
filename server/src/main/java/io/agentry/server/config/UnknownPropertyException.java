package io.agentry.server.config;

/**
 * A property under {@code agentry.} that the server does not read, most likely a typo that would otherwise be
 * ignored silently (the server starting on defaults such as the offline model).
 *
 * @param property   the name as it was set
 * @param source     where it was set (a property source's name, e.g. {@code commandLineArgs})
 * @param suggestion the nearest known name, or null
 */
final class UnknownPropertyException extends IllegalStateException {

    private final String property;
    private final String suggestion;

    UnknownPropertyException(String property, String source, String suggestion) {
        super("Unknown property '" + property + "' (set in " + source + ")"
                + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"));
        this.property = property;
        this.suggestion = suggestion;
    }

    String property() {
        return property;
    }

    String suggestion() {
        return suggestion;
    }
}
