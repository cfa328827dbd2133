package io.agentry.server.mcp;

import io.agentry.tool.ToolSelection;
import io.agentry.util.Backoff;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One MCP server's settings, resolved against the defaults and checked: what a {@link McpConnection} needs.
 *
 * @param transport how to reach it
 */
record McpServerSettings(String name, Transport transport, Duration callTimeout, int maxResultChars,
                         Duration refreshInterval, Duration connectTimeout, Backoff reconnect,
                         Duration reconnectMaxDelay, List<ToolSelection.Entry> idempotentTools) {

    McpServerSettings {
        idempotentTools = idempotentTools == null ? List.of() : List.copyOf(idempotentTools);
    }

    /** Whether the server's tool {@code toolName} (its own name) is declared idempotent ({@code idempotent-tools}). */
    boolean isIdempotent(String toolName) {
        return idempotentTools.stream().anyMatch(entry -> entry.matches(toolName));
    }

    /** Letters, digits and dashes: no underscore, so {@code <server>__<tool>} names never collide across servers. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]{1,32}");

    sealed interface Transport permits Http, Stdio {
        /** Where it is, safe to log: no query, user info, header or argument, which may hold secrets. */
        String describe();
    }

    /** Streamable HTTP at {@code url}, each request with {@code headers}. */
    record Http(URI url, Map<String, String> headers) implements Transport {
        @Override
        public String describe() {
            return url.getScheme() + "://" + url.getAuthority().replaceFirst("^.*@", "") + url.getRawPath();
        }

        @Override
        public String toString() {
            return "Http[" + describe() + ", headers " + headers.keySet() + "]";
        }
    }

    /** A process started with {@code command args}, its environment the safe part of ours plus {@code env}. */
    record Stdio(String command, List<String> args, Map<String, String> env, Path workingDirectory) implements Transport {
        @Override
        public String describe() {
            return "command " + command;
        }

        @Override
        public String toString() {
            return "Stdio[" + describe() + ", " + args.size() + " arguments, env " + env.keySet() + "]";
        }
    }

    /** Resolves and checks server {@code name}; an {@link IllegalStateException} says what is wrong. */
    static McpServerSettings of(String name, McpServerProperties server, McpProperties defaults) {
        String prefix = "agentry.mcp.servers." + name;
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException("MCP server name '" + name + "' must be 1 to 32 letters, digits or dashes");
        }
        boolean http = server.url() != null && !server.url().isBlank();
        boolean stdio = server.command() != null && !server.command().isBlank();
        if (http == stdio) {
            throw new IllegalStateException(prefix + " needs either a url (streamable HTTP) or a command (stdio), not "
                    + (http ? "both" : "neither"));
        }
        Transport transport;
        if (http) {
            if (!server.args().isEmpty() || !server.env().isEmpty() || server.workingDirectory() != null) {
                throw new IllegalStateException(prefix + ": args, env and working-directory are for stdio servers"
                        + " (with a command), not for a url");
            }
            server.headers().forEach((header, value) -> {
                try {
                    HttpRequest.newBuilder().header(header, value);
                } catch (IllegalArgumentException e) {
                    // the JDK refuses some (Host, Connection, Content-Length...) and malformed ones; never show the value
                    throw new IllegalStateException(prefix + ".headers: header '" + header + "' cannot be set");
                }
            });
            transport = new Http(url(prefix, server.url()), server.headers());
        } else {
            if (!server.headers().isEmpty()) {
                throw new IllegalStateException(prefix + ": headers are for HTTP servers (with a url), not for a command");
            }
            transport = new Stdio(server.command().strip(), server.args(), server.env(),
                    server.workingDirectory() == null ? null : Path.of(server.workingDirectory()));
        }
        Duration callTimeout = positive(prefix + ".call-timeout",
                server.callTimeout() == null ? defaults.callTimeout() : server.callTimeout());
        int maxResultChars = server.maxResultChars() == null ? defaults.maxResultChars() : server.maxResultChars();
        if (maxResultChars < 100) {
            throw new IllegalStateException(prefix + ".max-result-chars must be at least 100");
        }
        Duration refresh = positive(prefix + ".refresh-interval",
                server.refreshInterval() == null ? defaults.refreshInterval() : server.refreshInterval());
        positive("agentry.mcp.connect-timeout", defaults.connectTimeout());
        positive("agentry.mcp.reconnect-initial-delay", defaults.reconnectInitialDelay());
        if (defaults.reconnectMaxDelay().compareTo(defaults.reconnectInitialDelay()) < 0) {
            throw new IllegalStateException("agentry.mcp.reconnect-max-delay must not be shorter than reconnect-initial-delay");
        }
        List<ToolSelection.Entry> idempotent = server.idempotentTools().stream()
                .map(pattern -> new ToolSelection.Entry(name, pattern.strip(), name + "/" + pattern.strip())).toList();
        return new McpServerSettings(name, transport, callTimeout, maxResultChars, refresh, defaults.connectTimeout(),
                new Backoff(defaults.reconnectInitialDelay(), defaults.reconnectMaxDelay()), defaults.reconnectMaxDelay(),
                idempotent);
    }

    private static URI url(String prefix, String text) {
        try {
            URI url = new URI(text.strip());
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalStateException(prefix + ".url must be an http or https URL with a host");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(prefix + ".url is not a URL");
        }
    }

    private static Duration positive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalStateException(property + " must be positive");
        }
        return value;
    }
}
