package io.agentry.server.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * One MCP server as configured under {@code agentry.mcp.servers.<name>}: either a streamable HTTP endpoint
 * ({@code url}, {@code headers}) or a command Agentry starts and talks to over stdio ({@code command},
 * {@code args}, {@code env}, {@code working-directory}). The timeouts and caps default to those of
 * {@code agentry.mcp}.
 *
 * <p>Header and {@code env} values are secrets as far as Agentry knows: they may be written with placeholders
 * ({@code Bearer ${WIKI_TOKEN}}), resolved from the environment at start, and are never logged nor shown
 * ({@link #toString} leaves them out).
 *
 * <p>{@code idempotent-tools} lists the server's tools (by the server's names, {@code *} matching any characters)
 * whose calls have the effect of one when made twice; a call to one of them whose process died before its result was
 * journalled is made again, any other is reported to the model as of unknown outcome. None by default: the server's
 * own {@code idempotentHint} annotations are not trusted.
 */
public record McpServerProperties(String url, Map<String, String> headers, String command, List<String> args,
                                  Map<String, String> env, String workingDirectory, Duration callTimeout,
                                  Integer maxResultChars, Duration refreshInterval, List<String> idempotentTools) {

    @ConstructorBinding
    public McpServerProperties {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        idempotentTools = idempotentTools == null ? List.of() : List.copyOf(idempotentTools);
    }

    /** A server none of whose tools is declared idempotent. */
    public McpServerProperties(String url, Map<String, String> headers, String command, List<String> args,
                               Map<String, String> env, String workingDirectory, Duration callTimeout,
                               Integer maxResultChars, Duration refreshInterval) {
        this(url, headers, command, args, env, workingDirectory, callTimeout, maxResultChars, refreshInterval, null);
    }

    @Override
    public String toString() {
        return "McpServerProperties[url=" + url + ", headers=" + headers.keySet() + ", command=" + command
                + ", args=" + args.size() + " arguments, env=" + env.keySet() + ", workingDirectory=" + workingDirectory
                + ", callTimeout=" + callTimeout + ", maxResultChars=" + maxResultChars
                + ", refreshInterval=" + refreshInterval + ", idempotentTools=" + idempotentTools + "]";
    }
}
