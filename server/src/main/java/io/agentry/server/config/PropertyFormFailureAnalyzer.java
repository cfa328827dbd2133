package io.agentry.server.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.util.unit.DataSize;

/**
 * A value under {@code agentry.} that does not convert to its setting's type ({@code agentry.worker.concurrency=lots}):
 * names the property, the value, where it was set and the form expected, instead of Spring Boot's
 * "failed to convert java.lang.String to java.lang.Integer". Other bind failures are left to Spring Boot's analyzer,
 * which this one precedes.
 */
final class PropertyFormFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    private static final Map<Class<?>, String> FORMS = Map.of(
            Integer.class, "a whole number, such as 4",
            Long.class, "a whole number, such as 4",
            Double.class, "a number, such as 0.7",
            BigDecimal.class, "a decimal number, such as 0.25",
            Boolean.class, "true or false",
            Duration.class, "a duration, such as 500ms, 30s, 5m or 1h",
            DataSize.class, "a size, such as 512KB or 1MB",
            ZoneId.class, "a time zone, such as UTC or Europe/Berlin");

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        ConfigurationProperty property = cause.getProperty();
        ConversionFailedException conversion = findCause(cause, ConversionFailedException.class);
        String form = FORMS.get(cause.getTarget().getBoxedType().resolve(Object.class));
        if (property == null || conversion == null || form == null || !property.getName().toString().startsWith("agentry.")) {
            return null;
        }
        String description = "Property '" + property.getName() + "' is \"" + property.getValue() + "\""
                + (property.getOrigin() == null ? "" : " (" + property.getOrigin() + ")") + ", which is not " + form + ".";
        return new FailureAnalysis(description, "Set '" + property.getName() + "' to " + form + ".", cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
