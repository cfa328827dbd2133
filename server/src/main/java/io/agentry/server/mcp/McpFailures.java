package io.agentry.server.mcp;

import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpTransportException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why talking to an MCP server failed, in words safe to show in {@code /health/ready}, logs and tool errors:
 * never an exception's own message unless we wrote it (the SDK's may carry request details), never a header.
 */
final class McpFailures {

    private static final Pattern STATUS = Pattern.compile("(?i)status ?code[:=]? ?(\\d{3})");

    private McpFailures() {
    }

    /** {@code 2s}, {@code 1m}, {@code 1500ms}: the way durations are configured. */
    static String print(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1_000 == 0 && millis > 0 ? millis / 1_000 + "s" : millis + "ms";
    }

    static String describe(Throwable error, Duration connectTimeout) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof McpUnavailableException || t instanceof StdioTransport.Failure) {
                return t.getMessage();
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connecting timed out";
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException
                    || (t instanceof IllegalStateException && String.valueOf(t.getMessage()).startsWith("Timeout on blocking read"))) {
                return "no answer within " + print(connectTimeout);
            }
            if (t instanceof McpHttpClientTransportAuthorizationException) {
                return "it refused Agentry's credentials (HTTP 401 or 403)";
            }
            if (t instanceof McpError mcp && mcp.getJsonRpcError() != null) {
                return "it answered with error " + mcp.getJsonRpcError().code() + ": "
                        + McpResults.capped(String.valueOf(mcp.getJsonRpcError().message()), 200);
            }
            if (t instanceof ClosedChannelException) {
                return "the connection closed";
            }
            if (t instanceof McpTransportException || t.getClass() == RuntimeException.class) {
                Matcher status = STATUS.matcher(String.valueOf(t.getMessage()));
                if (status.find()) {
                    return "it answered HTTP " + status.group(1);
                }
            }
        }
        return "failed (" + error.getClass().getSimpleName() + ")";
    }
}
