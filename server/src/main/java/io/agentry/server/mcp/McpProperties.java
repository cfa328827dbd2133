package io.agentry.server.mcp;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * MCP servers whose tools agents may call ({@code agentry.mcp.*}), and the defaults of their settings. Servers
 * come from configuration only, never from a request.
 *
 * @param servers               the servers by name (letters, digits, dashes): the {@code everything} of an agent's
 *                              {@code everything/*} and of the tool names the model sees, {@code everything__echo}
 * @param callTimeout           how long a tool call may take before it is a tool error (and is cancelled)
 * @param maxResultChars        a tool result longer than this is cut to it, with a note saying so
 * @param refreshInterval       how often the tool list is read again (besides on the server's list_changed
 *                              notification); this also notices a server that went away while idle
 * @param connectTimeout        how long starting, connecting and initializing a session, or listing tools, may take
 * @param startupWait           how long the start of the server waits for the MCP servers' first connection, so that
 *                              the first runs see their tools; a server not connected by then keeps trying in the
 *                              background
 * @param reconnectInitialDelay the backoff of reconnections (and of restarts of stdio servers): the first delay ...
 * @param reconnectMaxDelay     ... and the longest
 */
@ConfigurationProperties("agentry.mcp")
public record McpProperties(Map<String, McpServerProperties> servers, Duration callTimeout, Integer maxResultChars,
                            Duration refreshInterval, Duration connectTimeout, Duration startupWait,
                            Duration reconnectInitialDelay, Duration reconnectMaxDelay) {

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESULT_CHARS = 20_000;
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);

    public McpProperties {
        servers = servers == null ? Map.of() : Map.copyOf(servers);
        callTimeout = callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout;
        maxResultChars = maxResultChars == null ? DEFAULT_MAX_RESULT_CHARS : maxResultChars;
        refreshInterval = refreshInterval == null ? DEFAULT_REFRESH_INTERVAL : refreshInterval;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(20) : connectTimeout;
        startupWait = startupWait == null ? Duration.ofSeconds(15) : startupWait;
        reconnectInitialDelay = reconnectInitialDelay == null ? Duration.ofSeconds(1) : reconnectInitialDelay;
        reconnectMaxDelay = reconnectMaxDelay == null ? Duration.ofMinutes(1) : reconnectMaxDelay;
    }
}
