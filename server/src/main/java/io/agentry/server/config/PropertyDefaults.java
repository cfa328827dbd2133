package io.agentry.server.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Defaults and checks for the optional settings of {@code @ConfigurationProperties} records: an unset value takes
 * its default, a set one must make sense, else start-up fails naming the property.
 */
public final class PropertyDefaults {

    private PropertyDefaults() {
    }

    /**
     * A settings record as Spring Boot binds it from just {@code values} (relaxed names under {@code prefix},
     * e.g. {@code user-daily-usd}): every other setting takes its default, through the record's own checks.
     * The one way to make a settings record in code, instead of a constructor call with a null per unset field.
     */
    public static <T> T bind(Class<T> type, String prefix, Map<String, ?> values) {
        Map<String, Object> source = new LinkedHashMap<>();
        values.forEach((name, value) -> source.put(prefix + "." + name, value));
        return new Binder(new MapConfigurationPropertySource(source)).bindOrCreate(prefix, type);
    }

    /** A settings record with every setting at its default. */
    public static <T> T defaults(Class<T> type) {
        return bind(type, "defaults", Map.of());
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
