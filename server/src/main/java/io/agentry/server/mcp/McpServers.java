package io.agentry.server.mcp;

import io.agentry.server.health.ReadinessCheck;
import io.agentry.server.health.ReadinessChecks;
import io.agentry.tool.ToolSource;
import io.agentry.tool.ToolSources;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The configured MCP servers: their connections as tool sources of the registry, one readiness entry each
 * ({@code mcp:<name>}, not essential: a server that is down makes {@code /health/ready} {@code DEGRADED}, not
 * 503), and gauges ({@code agent_mcp_server_up{server}}, {@code agent_mcp_tools{server}}).
 *
 * <p>Started before the web server, it waits up to {@code startup-wait} for every server's first connection so
 * that the first runs see their tools; a server not up by then goes on connecting in the background. Stopped
 * after the web server and the workers (whose runs may still call tools), which stops stdio servers' processes.
 */
@Component
class McpServers implements SmartLifecycle, DisposableBean, ToolSources, ReadinessChecks {

    private static final Logger log = LoggerFactory.getLogger(McpServers.class);

    private final List<McpConnection> connections = new ArrayList<>();
    private final Duration startupWait;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("agentry-mcp-timer").daemon().factory());
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;

    McpServers(McpProperties properties, MeterRegistry meters) {
        this.startupWait = properties.startupWait();
        McpJsonMapper json = McpJsonDefaults.getMapper();
        properties.servers().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            McpServerSettings settings = McpServerSettings.of(entry.getKey(), entry.getValue(), properties);
            connections.add(new McpConnection(settings, json, timer, work));
        });
        for (McpConnection connection : connections) {
            Gauge.builder("agent.mcp.server.up", connection, c -> c.status() == McpConnection.Status.UP ? 1 : 0)
                    .description("Whether Agentry has a session with the MCP server (1) or not (0)")
                    .tag("server", connection.name()).register(meters);
            Gauge.builder("agent.mcp.tools", connection, c -> c.tools().size())
                    .description("Tools the MCP server offers now").tag("server", connection.name()).register(meters);
        }
    }

    @Override
    public List<ToolSource> sources() {
        return List.copyOf(connections);
    }

    @Override
    public List<ReadinessCheck> checks() {
        List<ReadinessCheck> checks = new ArrayList<>();
        for (McpConnection connection : connections) {
            checks.add(new ReadinessCheck() {
                @Override
                public String name() {
                    return "mcp:" + connection.name();
                }

                @Override
                public String check() {
                    return connection.problem();
                }

                @Override
                public boolean essential() {
                    return false;
                }
            });
        }
        return checks;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (connections.isEmpty()) {
            return;
        }
        connections.forEach(McpConnection::start);
        Instant deadline = Instant.now().plus(startupWait);
        try {
            for (McpConnection connection : connections) {
                Duration left = Duration.between(Instant.now(), deadline);
                // a first attempt that failed has said why itself; one still going on is said here
                if (!connection.awaitFirstAttempt(left.isNegative() ? Duration.ZERO : left)) {
                    log.warn("MCP server '{}' is still connecting after {}: Agentry starts without its tools, which"
                            + " are offered once it is connected", connection.name(), McpFailures.print(startupWait));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        // in parallel: a stdio server may take a few seconds to stop
        try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            connections.forEach(connection -> stopping.execute(connection::stop));
        }
    }

    @Override
    public void destroy() {
        stop();
        timer.shutdownNow();
        work.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server and stops after it and after the task workers (whose runs call tools). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    /** The connection of server {@code name}, for tests. */
    McpConnection connection(String name) {
        return connections.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
