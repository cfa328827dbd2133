package io.agentry.server.tools.http;

import java.time.Duration;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * One HTTP tool, {@code agentry.tools.http.<name>.*}: the model calls it with a JSON object of arguments, the
 * server sends a signed HTTP request, and the answer's body is the tool's result (see {@link HttpTool}).
 *
 * @param description     what the tool does, for the model (required)
 * @param parameters      the arguments as a JSON Schema text whose top level is an object; none by default
 * @param method          GET (default), POST, PUT, PATCH or DELETE
 * @param url             the URL, with {@code {name}} placeholders in its path and query (see {@link UrlTemplate})
 * @param headers         headers sent with every request; their values are treated as secrets (never logged, never
 *                        shown), so write a secret as a placeholder of an environment variable:
 *                        {@code Authorization: Bearer ${ORDERS_TOKEN}}
 * @param signingSecret   HMAC-SHA256 key signing every request (required), usually {@code ${VARIABLE}}
 * @param timeout         the longest a call may take, from connecting to the last byte of the answer (30s)
 * @param maxResponseSize a larger answer is a tool error (64KB)
 * @param allowPrivate    allow a URL on a loopback, private, link-local or other internal address (false)
 * @param idempotent      a call sent twice has the effect of one (false): a call whose process died before its answer
 *                        was journalled is then sent again, instead of being reported to the model as unknown
 */
public record HttpToolProperties(String description, String parameters, Method method, String url,
                                 Map<String, String> headers, String signingSecret, Duration timeout,
                                 DataSize maxResponseSize, boolean allowPrivate, boolean idempotent) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final DataSize DEFAULT_MAX_RESPONSE_SIZE = DataSize.ofKilobytes(64);

    /** The methods a tool may use; the arguments a URL does not hold go in a JSON body or, without one, the query. */
    public enum Method {
        GET, POST, PUT, PATCH, DELETE;

        boolean hasBody() {
            return this == POST || this == PUT || this == PATCH;
        }
    }

    public HttpToolProperties {
        parameters = parameters == null || parameters.isBlank() ? JsonSchemaParameters.NONE : parameters;
        method = method == null ? Method.GET : method;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        maxResponseSize = maxResponseSize == null ? DEFAULT_MAX_RESPONSE_SIZE : maxResponseSize;
    }

    /** Never the headers' values nor the secret; the URL without its query, which may hold a key. */
    @Override
    public String toString() {
        String shownUrl = url == null ? null : url.replaceFirst("\\?.*", "?...");
        return "HttpToolProperties[method=" + method + ", url=" + shownUrl + ", headers=" + headers.keySet()
                + ", signingSecret=" + (signingSecret == null || signingSecret.isBlank() ? "unset" : "***")
                + ", timeout=" + timeout + ", maxResponseSize=" + maxResponseSize + ", allowPrivate=" + allowPrivate
                + ", idempotent=" + idempotent + "]";
    }
}
