package io.agentry.server.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * Every property name the server reads under {@code agentry.}, as patterns derived from its
 * {@code @ConfigurationProperties} records: a component is a name in dashed form ({@code system-prompt}), a
 * nested record adds its own components, a map key or list index is a wildcard ({@code agentry.agents.*.model},
 * {@code agentry.security.keys[*].name}). Names are compared as Spring Boot binds them, relaxed: case, dashes
 * and underscores do not matter ({@code systemPrompt}, {@code system_prompt}).
 */
final class KnownProperties {

    /** Matches one element, a map key or a list index, whatever it is. */
    private static final String ANY = "*";

    private final List<List<String>> patterns;

    private KnownProperties(List<List<String>> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /**
     * The names bound to {@code records} (each annotated with {@code @ConfigurationProperties}) plus
     * {@code others}, names read straight from the Environment ({@code agentry.role}).
     */
    static KnownProperties of(Collection<Class<?>> records, Collection<String> others) {
        List<List<String>> patterns = new ArrayList<>();
        for (Class<?> type : records) {
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
            addComponents(patterns, List.of(prefix.split("\\.")), type);
        }
        others.forEach(name -> patterns.add(List.of(name.split("\\."))));
        return new KnownProperties(patterns);
    }

    /** Whether {@code name} (from a properties file, a command-line argument, a test) is read by the server. */
    boolean knows(ConfigurationPropertyName name) {
        return patterns.stream().anyMatch(p -> matches(p, name));
    }

    /**
     * Whether the environment variable {@code variable} ({@code AGENTRY_AGENTS_DEFAULT_SYSTEM_PROMPT}) binds to a
     * known property: underscores separate elements, and also stand for the dashes inside one.
     */
    boolean knowsVariable(String variable) {
        String name = variable.toLowerCase(Locale.ROOT);
        return patterns.stream().anyMatch(p -> variablePattern(p).matcher(name).matches());
    }

    /**
     * The known name nearest to {@code name} by edit distance, written out in dashed form with the map keys and
     * indexes of {@code name} in the wildcards' places ({@code agentry.agents.default.modle} gives
     * {@code agentry.agents.default.model}); of equally near names, the one sharing the longest beginning.
     */
    Optional<String> nearest(ConfigurationPropertyName name) {
        String given = name.toString();
        return patterns.stream()
                .map(p -> filledIn(p, name))
                .min(Comparator.comparingInt((String candidate) -> EditDistance.between(given, candidate))
                        .thenComparing(candidate -> -commonPrefix(given, candidate))
                        .thenComparing(Comparator.naturalOrder()));
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    private static void addComponents(List<List<String>> patterns, List<String> path, Class<?> record) {
        for (RecordComponent component : record.getRecordComponents()) {
            add(patterns, append(path, dashed(component.getName())), component.getGenericType());
        }
    }

    /** A value of {@code type} at {@code path}: a leaf, a nested record, or a map or list of either. */
    private static void add(List<List<String>> patterns, List<String> path, Type type) {
        Class<?> raw = rawClass(type);
        if (raw.isRecord()) {
            addComponents(patterns, path, raw);
        } else if (Map.class.isAssignableFrom(raw)) {
            add(patterns, append(path, ANY), typeArgument(type, 1));
        } else if (Collection.class.isAssignableFrom(raw)) {
            Type element = typeArgument(type, 0);
            if (!rawClass(element).isRecord()) {
                patterns.add(path); // a comma-separated value
            }
            add(patterns, append(path, ANY), element);
        } else {
            patterns.add(path);
        }
    }

    private static boolean matches(List<String> pattern, ConfigurationPropertyName name) {
        if (pattern.size() != name.getNumberOfElements()) {
            return false;
        }
        for (int i = 0; i < pattern.size(); i++) {
            String element = pattern.get(i);
            if (!element.equals(ANY) && !uniform(element).equals(name.getElement(i, Form.UNIFORM))) {
                return false;
            }
        }
        return true;
    }

    private static Pattern variablePattern(List<String> pattern) {
        return Pattern.compile(pattern.stream()
                .map(e -> e.equals(ANY) ? "[^_]+" : Pattern.quote(e.toLowerCase(Locale.ROOT)).replace("-", "\\E_?\\Q"))
                .collect(Collectors.joining("_")));
    }

    private static String filledIn(List<String> pattern, ConfigurationPropertyName name) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < pattern.size(); i++) {
            String element = pattern.get(i);
            boolean given = element.equals(ANY) && i < name.getNumberOfElements();
            boolean indexed = element.equals(ANY) && (!given || name.isNumericIndex(i) || indexedIn(name, i));
            String text = !element.equals(ANY) ? element : given ? name.getElement(i, Form.ORIGINAL) : "<name>";
            if (indexed) {
                result.append('[').append(text).append(']');
            } else {
                result.append(result.isEmpty() ? "" : ".").append(text);
            }
        }
        return result.toString();
    }

    /** Whether element {@code i} of {@code name} was written in brackets ({@code prices[gpt-4.1]}). */
    private static boolean indexedIn(ConfigurationPropertyName name, int i) {
        return name.toString().contains("[" + name.getElement(i, Form.ORIGINAL) + "]");
    }

    private static String uniform(String element) {
        return element.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String dashed(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static List<String> append(List<String> path, String element) {
        List<String> result = new ArrayList<>(path);
        result.add(element);
        return result;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }
}
