package io.agentry.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.agentry.server.AgentryApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** MCP servers and the server's start and shutdown: what is checked at start, what shutdown stops. */
class McpStartupTest {

    private static ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:mcp-startup-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "--agentry.default-agent=helper",
                "--agentry.mcp.servers.faulty.command=node",
                "--agentry.mcp.servers.faulty.args[0]=" + McpTestServers.FAULTY));
        for (String setting : settings) {
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(AgentryApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void aPatternNamingAServerThatIsNotConfiguredStopsTheStart() {
        assertThatThrownBy(() -> start("agentry.agents.helper.tools[0]=faulty/*", "agentry.agents.helper.tools[1]=wiki/search"))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(message -> assertThat(message).isEqualTo(
                        "Agent 'helper' is misconfigured: unknown MCP servers [wiki]; configured: [faulty]. Configure the"
                                + " MCP server under agentry.mcp.servers, or correct agentry.agents.helper.tools.")));
        assertThatThrownBy(() -> start("agentry.agents.helper.exclude-tools[0]=faulty*"))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(message -> assertThat(message)
                        .startsWith("Agent 'helper' is misconfigured: tool entry 'faulty*' is not a tool name")));
    }

    @Test
    void shutdownStopsTheProcessesOfStdioServers() throws Exception {
        McpTestServers.install();
        ProcessHandle server;
        try (ConfigurableApplicationContext context = start("agentry.agents.helper.tools[0]=faulty/*")) {
            McpConnection faulty = context.getBean(McpServers.class).connection("faulty");
            server = ProcessHandle.of(Long.parseLong(faulty.call("pid", JsonNodeFactory.instance.objectNode()))).orElseThrow();
            assertThat(server.isAlive()).isTrue();
        }
        assertThat(server.isAlive()).isFalse();
    }

    private static List<String> messages(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return messages;
    }
}
