package io.agentry.server.startup;

import java.io.PrintStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

/**
 * What a failed start prints. On standard error, one paragraph a person can act on: "Agentry could not start: "
 * what is wrong, then the setting or command that fixes it (a failure analyzer's description and action; without
 * one, the innermost cause's message), with no stack trace and no class name. In the log (standard output), one
 * ERROR event with the same text and the stack trace, in the log's format.
 *
 * <p>It replaces Spring Boot's reporting (its {@code FailureAnalyzers}, which would print the analysis as a
 * multi-line "APPLICATION FAILED TO START" block in the log only, and log an unanalyzed failure's trace alone): a
 * {@link SpringBootExceptionReporter} ahead of Boot's (spring.factories), which asks the same failure analyzers,
 * found the same way, and reports every failure, analyzed or not. A failure before the application context exists
 * (a configuration file that cannot be read) comes before the logging system is set up; its event is written by
 * {@link EarlyLog} in the format the logging system would have used.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class StartupFailureReporter implements SpringBootExceptionReporter {

    static final String PREFIX = "Agentry could not start: ";
    private static final Logger log = LoggerFactory.getLogger(StartupFailureReporter.class);

    private final ConfigurableApplicationContext context;

    StartupFailureReporter(ConfigurableApplicationContext context) {
        this.context = context;
    }

    @Override
    public boolean reportException(Throwable failure) {
        String paragraph = PREFIX + Paragraphs.of(analysis(failure), failure);
        PrintStream stderr = System.err;
        stderr.println(paragraph);
        stderr.flush();
        if (context == null) {
            EarlyLog.error(StartupFailureReporter.class.getName(), paragraph, failure);
        } else {
            log.error(paragraph, failure);
        }
        return true;
    }

    private FailureAnalysis analysis(Throwable failure) {
        for (FailureAnalyzer analyzer : analyzers()) {
            try {
                FailureAnalysis analysis = analyzer.analyze(failure);
                if (analysis != null) {
                    return analysis;
                }
            } catch (RuntimeException e) {
                log.trace("Failure analyzer {} failed", analyzer, e);
            }
        }
        return null;
    }

    /** The failure analyzers of spring.factories, made as Spring Boot's FailureAnalyzers makes them. */
    private List<FailureAnalyzer> analyzers() {
        ClassLoader classLoader = context == null ? getClass().getClassLoader() : context.getClassLoader();
        ArgumentResolver arguments = context == null ? ArgumentResolver.none()
                : ArgumentResolver.of(BeanFactory.class, context.getBeanFactory()).and(Environment.class, context.getEnvironment());
        return SpringFactoriesLoader.forDefaultResourceLocation(classLoader)
                .load(FailureAnalyzer.class, arguments, SpringFactoriesLoader.FailureHandler.logging(
                        org.apache.commons.logging.LogFactory.getLog(StartupFailureReporter.class)));
    }
}
