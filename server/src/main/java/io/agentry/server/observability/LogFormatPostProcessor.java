package io.agentry.server.observability;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Applies {@link LogFormat}: for the human format, unsets application.yml's
 * {@code logging.structured.format.console} (JSON), so that Spring Boot writes its text lines, and leaves the
 * application's name out of them (there is one application). Runs once the configuration files are read and
 * before the logging system starts (spring.factories).
 */
final class LogFormatPostProcessor implements EnvironmentPostProcessor {

    static final String STRUCTURED_CONSOLE = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (LogFormat.resolve(environment.getProperty(LogFormat.PROPERTY), LogFormat.atTerminal()) == LogFormat.HUMAN) {
            environment.getPropertySources().addFirst(new MapPropertySource(LogFormat.PROPERTY,
                    Map.of(STRUCTURED_CONSOLE, "", "logging.include-application-name", "false")));
        }
    }
}
