package io.agentry.server.config;

import io.agentry.server.observability.LogFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start with a property under {@code agentry.} that the server does not read, naming it and the
 * nearest known name ({@link UnknownPropertyException}, reported by {@link UnknownPropertyFailureAnalyzer}).
 * Runs once the bean definitions are known and before any bean is made, so nothing has started yet.
 *
 * <p>The known names are those of the application's {@code @ConfigurationProperties} records (every record
 * registered as a bean whose prefix is under {@code agentry}) plus {@link #READ_FROM_ENVIRONMENT}. One check
 * over all sources, rather than {@code ignoreUnknownFields = false} on each record, because records
 * bound at {@code agentry} itself (agents, prices) would each refuse every other section's names, a misspelt
 * section ({@code agentry.wroker.*}) binds to no record to refuse it, names read with
 * {@code Environment.getProperty} have no record, and only a check that knows all names can suggest one.
 *
 * <p>Environment variables only get a warning: the process environment is shared with other programs (test
 * harnesses use {@code AGENTRY_TEST_*}), and {@code application.yml} reads some itself
 * ({@link #VARIABLES_READ_BY_APPLICATION_YML}), and the repository's scripts others ({@link #VARIABLES_READ_BY_SCRIPTS}).
 */
@Component
class StrictProperties implements BeanFactoryPostProcessor, EnvironmentAware {

    /** Read with {@code Environment.getProperty}, not through a record. */
    static final Set<String> READ_FROM_ENVIRONMENT = Set.of(Role.PROPERTY, LogFormat.PROPERTY);
    /** The {@code AGENTRY_*} placeholders of {@code application.yml}. */
    static final Set<String> VARIABLES_READ_BY_APPLICATION_YML =
            Set.of("AGENTRY_DATABASE_URL", "AGENTRY_DATABASE_USERNAME", "AGENTRY_DATABASE_PASSWORD");

    /** Read by ./agentry and ./mvnw (.mvn/find-jdk.sh), which start the server with their environment. */
    static final Set<String> VARIABLES_READ_BY_SCRIPTS = Set.of("AGENTRY_JDK_DIRS");

    private static final Logger log = LoggerFactory.getLogger(StrictProperties.class);
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("agentry");

    private ConfigurableEnvironment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = (ConfigurableEnvironment) environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment, KnownProperties.of(propertiesRecords(beanFactory), READ_FROM_ENVIRONMENT));
    }

    /** Throws {@link UnknownPropertyException} for the first unknown {@code agentry.*} name of {@code environment}. */
    static void check(ConfigurableEnvironment environment, KnownProperties known) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            boolean variables = source instanceof SystemEnvironmentPropertySource;
            for (String raw : enumerable.getPropertyNames()) {
                if (variables) {
                    warnIfUnknownVariable(raw, known);
                } else {
                    ConfigurationPropertyName name = ConfigurationPropertyName.adapt(raw, '.');
                    if (ROOT.isAncestorOf(name) && !known.knows(name)) {
                        throw new UnknownPropertyException(raw, source.getName(), known.nearest(name).orElse(null));
                    }
                }
            }
        }
    }

    private static void warnIfUnknownVariable(String variable, KnownProperties known) {
        if (!variable.toUpperCase(Locale.ROOT).startsWith("AGENTRY_")
                || VARIABLES_READ_BY_APPLICATION_YML.contains(variable) || VARIABLES_READ_BY_SCRIPTS.contains(variable)
                || known.knowsVariable(variable)) {
            return;
        }
        String nearest = known.nearest(ConfigurationPropertyName.adapt(
                variable.toLowerCase(Locale.ROOT).replace('_', '.'), '.')).orElse(null);
        log.warn("Environment variable {} binds to no property of the server and is ignored{}", variable,
                nearest == null ? "" : " (did you mean " + nearest + "?)");
    }

    private static List<Class<?>> propertiesRecords(ConfigurableListableBeanFactory beanFactory) {
        List<Class<?>> records = new ArrayList<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            BeanDefinition definition = beanFactory.getBeanDefinition(name);
            String className = definition.getBeanClassName();
            if (className == null || !ClassUtils.isPresent(className, beanFactory.getBeanClassLoader())) {
                continue;
            }
            Class<?> type = ClassUtils.resolveClassName(className, beanFactory.getBeanClassLoader());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            if (annotation != null && type.isRecord() && ROOT.isAncestorOf(
                    ConfigurationPropertyName.of((annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix()) + ".x"))) {
                records.add(type);
            }
        }
        return records;
    }
}
