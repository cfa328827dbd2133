package io.agentry.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a deployment's environment variables mean to the server: binds them, as Spring Boot binds the process
 * environment, to every {@code @ConfigurationProperties} record of the application (values converted and
 * checked by the records' constructors), to {@code agentry.role}, to the variables {@code application.yml}
 * reads itself ({@code AGENTRY_DATABASE_URL}, {@code PORT}, ...) and to Spring Boot's documented properties
 * (its configuration metadata), and reports every variable that binds to none of them: a misspelt name
 * that the server would silently ignore.
 */
final class EnvironmentBinding {

    /** Read by the JVM itself, not by the application. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final List<Class<?>> PROPERTIES_TYPES = propertiesTypes();
    private static final Set<String> PLACEHOLDERS = applicationYmlPlaceholders();
    /** Spring Boot's properties, normalized, each with whether it is a map (whose keys follow its name). */
    private static final Map<String, Boolean> BOOT_PROPERTIES = bootProperties();

    /** The records bound from one environment, and every problem found. */
    record Result(Map<Class<?>, Object> properties, List<String> problems) {

        <T> T get(Class<T> type) {
            return type.cast(properties.get(type));
        }

        /** A component of the bound record with this prefix, whatever the record's visibility. */
        Object value(String prefix, String component) {
            for (Map.Entry<Class<?>, Object> entry : properties.entrySet()) {
                if (prefix.equals(prefixOf(entry.getKey()))) {
                    try {
                        java.lang.reflect.Method accessor = entry.getKey().getDeclaredMethod(component);
                        accessor.setAccessible(true);
                        return accessor.invoke(entry.getValue());
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
            throw new IllegalArgumentException("no @ConfigurationProperties(\"" + prefix + "\")");
        }
    }

    private EnvironmentBinding() {
    }

    static Result bind(Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        Set<String> bound = new LinkedHashSet<>();
        SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Collections.unmodifiableMap(new LinkedHashMap<>(environment)));
        Binder binder = new Binder(ConfigurationPropertySources.from(source), null,
                ApplicationConversionService.getSharedInstance());
        AbstractBindHandler tracking = new AbstractBindHandler() {
            @Override
            public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
                bound.add(normalize(name.toString()));
                return super.onSuccess(name, target, context, result);
            }
        };
        Map<Class<?>, Object> properties = new HashMap<>();
        for (Class<?> type : PROPERTIES_TYPES) {
            String prefix = prefixOf(type);
            try {
                properties.put(type, binder.bindOrCreate(prefix, Bindable.of(type), tracking));
            } catch (BindException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                problems.add(e.getName() + ": " + cause.getMessage());
            }
        }
        environment.forEach((name, value) -> {
            String normalized = name.toLowerCase(Locale.ROOT).replace("_", "");
            if (name.equals("AGENTRY_ROLE")) {
                try {
                    Role.parse(value);
                } catch (IllegalStateException e) {
                    problems.add(name + ": " + e.getMessage());
                }
            } else if (!JVM_VARIABLES.contains(name) && !PLACEHOLDERS.contains(name) && !bound.contains(normalized)
                    && !isBootProperty(normalized)) {
                problems.add(name + " binds to no property of the server");
            }
        });
        return new Result(properties, problems);
    }

    private static String prefixOf(Class<?> type) {
        ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
        return annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
    }

    private static boolean isBootProperty(String normalized) {
        Boolean map = BOOT_PROPERTIES.get(normalized);
        if (map != null) {
            return true;
        }
        return BOOT_PROPERTIES.entrySet().stream().anyMatch(e -> e.getValue() && normalized.startsWith(e.getKey()));
    }

    private static String normalize(String propertyName) {
        return propertyName.toLowerCase(Locale.ROOT).replaceAll("[.\\-\\[\\]_]", "");
    }

    private static List<Class<?>> propertiesTypes() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> types = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("io.agentry.server")) {
            try {
                types.add(Class.forName(candidate.getBeanClassName()));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        if (types.isEmpty()) {
            throw new IllegalStateException("no @ConfigurationProperties types found");
        }
        return types;
    }

    private static Set<String> applicationYmlPlaceholders() {
        try (InputStream in = EnvironmentBinding.class.getResourceAsStream("/application.yml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Set<String> names = new LinkedHashSet<>();
            Matcher matcher = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(yaml);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Boolean> bootProperties() {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Boolean> names = new HashMap<>();
        try {
            for (URL url : Collections.list(EnvironmentBinding.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    JsonNode properties = json.readTree(in).get("properties");
                    if (properties == null) {
                        continue;
                    }
                    for (JsonNode property : properties) {
                        String type = property.has("type") ? property.get("type").asString() : "";
                        names.put(normalize(property.get("name").asString()), type.startsWith("java.util.Map"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
