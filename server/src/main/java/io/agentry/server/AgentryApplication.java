package io.agentry.server;

import io.agentry.server.agents.TokenizerPreload;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Agentry: runs LLM agents in production. One jar; the role and backends come from configuration. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AgentryApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(AgentryApplication.class);
        application.addListeners(new TokenizerPreload());
        application.run(args);
    }
}
