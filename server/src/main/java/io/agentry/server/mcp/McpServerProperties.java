package io.agentry.server.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One MCP server as configured under {@code agentry.mcp.servers.<name>}: either a streamable HTTP endpoint
 * ({@code url}, {@code headers}) or a command Agentry starts and talks to over stdio ({@code command},
 * {@code args}, {@code env}, {@code working-directory}). The timeouts and caps default to those of
 * {@code agentry.mcp}.
 *
 * <p>Header and {@code env} values are secrets as far as Agentry knows: they may be written with placeholders
 * ({@code Bearer ${WIKI_TOKEN}}), resolved from the environment at start, and are never logged nor shown
 * ({@link #toString} leaves them out).
 */
public record McpServerProperties(String url, Map<String, String> headers, String command, List<String> args,
                                  Map<String, String> env, String workingDirectory, Duration callTimeout,
                                  Integer maxResultChars, Duration refreshInterval) {

    public McpServerProperties {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    @Override
    public String toString() {
        return "McpServerProperties[url=" + url + ", headers=" + headers.keySet() + ", command=" + command
                + ", args=" + args.size() + " arguments, env=" + env.keySet() + ", workingDirectory=" + workingDirectory
                + ", callTimeout=" + callTimeout + ", maxResultChars=" + maxResultChars
                + ", refreshInterval=" + refreshInterval + "]";
    }
}
