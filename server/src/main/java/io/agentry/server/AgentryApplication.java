package io.agentry.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Agentry: runs LLM agents in production. One jar; the role and backends come from configuration. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AgentryApplication {

    public static void main(String[] args) {
        SpringApplication.run(AgentryApplication.class, args);
    }
}
