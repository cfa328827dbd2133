package io.agentry.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stdio servers' processes: started with the server, stopped with it together with what they started, started
 * again after a restart (Spring stops and restarts the lifecycle of cached test contexts); a command that cannot
 * start leaves its server unavailable with the reason, and Agentry starts all the same.
 */
class McpServersLifecycleTest {

    private static McpServerProperties command(String command, List<String> args) {
        return new McpServerProperties(null, null, command, args, null, null, null, null, null);
    }

    @Test
    void stdioServersStopWithWhatTheyStartedAndStartAgain() throws Exception {
        McpTestServers.install();
        // through a shell that stays the server's parent, as npx does
        McpProperties properties = new McpProperties(Map.of(
                "faulty", command("sh", List.of("-c", "node '" + McpTestServers.FAULTY + "'; exit 0")),
                "missing", command("/nonexistent/mcp-server", List.of())),
                null, null, null, null, Duration.ofSeconds(60), Duration.ofMinutes(1), Duration.ofMinutes(1));
        McpServers servers = new McpServers(properties, new SimpleMeterRegistry());
        try {
            servers.start();
            McpConnection faulty = servers.connection("faulty");
            assertThat(faulty.status()).isEqualTo(McpConnection.Status.UP);
            ProcessHandle node = ProcessHandle.of(pid(faulty)).orElseThrow();
            assertThat(node.parent().orElseThrow().info().command().orElse("")).endsWith("sh");
            assertThat(servers.connection("missing").problem())
                    .startsWith("cannot start its process: Cannot run program \"/nonexistent/mcp-server\"");
            assertThat(servers.checks()).extracting(check -> check.name() + " " + check.essential())
                    .containsExactly("mcp:faulty false", "mcp:missing false");

            servers.stop();

            assertThat(node.isAlive()).isFalse();
            assertThat(faulty.tools()).isEmpty();
            assertThat(faulty.problem()).isEqualTo("stopped");

            servers.start();
            assertThat(faulty.status()).isEqualTo(McpConnection.Status.UP);
            assertThat(pid(faulty)).isNotEqualTo(node.pid());
        } finally {
            servers.destroy();
        }
    }

    private static long pid(McpConnection connection) throws Exception {
        return Long.parseLong(connection.call("pid", JsonNodeFactory.instance.objectNode()));
    }
}
