package io.agentry.memory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a memory item may be: the formats of namespaces and keys (fixed, since they appear in URLs) and
 * the configurable sizes of values and texts. Each check returns the problem, phrased to follow the
 * field's name ("must be ..."), or empty when the input is fine; the API and the tools report it.
 *
 * @param maxValueBytes largest value, as JSON text in UTF-8 bytes
 * @param maxTextChars  longest search text
 */
public record MemoryLimits(int maxValueBytes, int maxTextChars) {

    public static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_TEXT_CHARS = 10_000;
    public static final MemoryLimits DEFAULTS = new MemoryLimits(DEFAULT_MAX_VALUE_BYTES, DEFAULT_MAX_TEXT_CHARS);
    public static final int MAX_NAMESPACE_LENGTH = 100;
    public static final int MAX_KEY_LENGTH = 200;
    public static final int MAX_QUERY_LENGTH = 1_000;
    public static final Duration MAX_TTL = Duration.ofDays(3_650);

    /** Letters, digits and {@code . _ : @ -}, starting with a letter or digit (so never "." or ".."). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]*");
    private static final String NAME_RULE = "letters, digits and . _ : @ -, starting with a letter or digit";

    public MemoryLimits {
        if (maxValueBytes < 1 || maxTextChars < 1) {
            throw new IllegalArgumentException("memory size limits must be positive");
        }
    }

    public static Optional<String> namespaceProblem(String namespace) {
        return nameProblem(namespace, MAX_NAMESPACE_LENGTH);
    }

    public static Optional<String> keyProblem(String key) {
        return nameProblem(key, MAX_KEY_LENGTH);
    }

    public static Optional<String> ttlProblem(Duration ttl) {
        if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0)) {
            return Optional.of("must be between 1 second and " + MAX_TTL.toDays() + " days");
        }
        return Optional.empty();
    }

    public Optional<String> valueProblem(String valueJson) {
        if (valueJson == null) {
            return Optional.of("is required");
        }
        int bytes = valueJson.getBytes(StandardCharsets.UTF_8).length;
        return bytes > maxValueBytes
                ? Optional.of("must be at most " + maxValueBytes + " bytes of JSON (it is " + bytes + ")")
                : Optional.empty();
    }

    public Optional<String> textProblem(String text) {
        return text != null && text.length() > maxTextChars
                ? Optional.of("must be at most " + maxTextChars + " characters")
                : Optional.empty();
    }

    public static Optional<String> queryProblem(String query) {
        if (query == null || query.isBlank()) {
            return Optional.of("must not be blank");
        }
        return query.length() > MAX_QUERY_LENGTH
                ? Optional.of("must be at most " + MAX_QUERY_LENGTH + " characters")
                : Optional.empty();
    }

    private static Optional<String> nameProblem(String name, int maxLength) {
        if (name == null || name.isEmpty()) {
            return Optional.of("must not be empty");
        }
        if (name.length() > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters");
        }
        return NAME.matcher(name).matches() ? Optional.empty() : Optional.of("may contain only " + NAME_RULE);
    }
}
