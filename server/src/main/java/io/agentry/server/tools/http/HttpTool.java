package io.agentry.server.tools.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentry.server.egress.RequestSigner;
import io.agentry.server.egress.UrlPolicy;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured HTTP tool. A call:
 * <ol>
 *   <li>takes the arguments as a JSON object that has every property the schema requires;</li>
 *   <li>fills the URL template with the arguments it names; the others are the JSON body of a POST, PUT or PATCH
 *       (an empty object when there are none) or are added to the query of a GET or DELETE;</li>
 *   <li>checks the URL against the address policy (again: DNS may have changed since the start);</li>
 *   <li>sends it signed ({@link #payload}), with the configured headers, without following redirects;</li>
 *   <li>answers the body of a 2xx response as text. Any other status, no complete answer within the timeout, an
 *       answer larger than the limit, a refused address or a failed connection is a {@link ToolException}: the
 *       model reads why, the call counts as a tool error, the run goes on.</li>
 * </ol>
 * Neither the URL (its query may hold a key), the headers nor the arguments are logged or put in a message.
 */
final class HttpTool implements Tool {

    static final String TOOL_HEADER = "X-Agentry-Tool";
    static final String RUN_HEADER = "X-Agentry-Run-Id";
    static final String USER_HEADER = "X-Agentry-User-Id";
    static final String USER_AGENT = "Agentry-Tools/1";
    private static final int ERROR_EXCERPT_CHARS = 500;
    private static final Pattern CHARSET = Pattern.compile(";\\s*charset=\"?([^\";\\s]+)", Pattern.CASE_INSENSITIVE);
    private static final Logger log = LoggerFactory.getLogger(HttpTool.class);

    private final ToolSpecification specification;
    private final HttpToolProperties.Method method;
    private final UrlTemplate url;
    private final List<String> required;
    private final Map<String, String> headers;
    private final RequestSigner signer;
    private final Duration timeout;
    private final long maxResponseBytes;
    private final UrlPolicy policy;
    private final boolean idempotent;
    private final HttpClient http;
    private final Clock clock;

    HttpTool(ToolSpecification specification, HttpToolProperties properties, UrlTemplate url, List<String> required,
             HttpClient http, Clock clock) {
        this.specification = specification;
        this.method = properties.method();
        this.url = url;
        this.required = List.copyOf(required);
        this.headers = properties.headers();
        this.signer = new RequestSigner(properties.signingSecret());
        this.timeout = properties.timeout();
        this.maxResponseBytes = properties.maxResponseSize().toBytes();
        this.policy = new UrlPolicy(properties.allowPrivate());
        this.idempotent = properties.idempotent();
        this.http = http;
        this.clock = clock;
    }

    /**
     * What {@code X-Agentry-Signature} signs after the timestamp: {@code METHOD.path?query.user.body}, as sent (the
     * path and query percent-encoded, the user id as in {@code X-Agentry-User-Id}, empty for a run without one).
     */
    static String payload(String method, String target, String user, String body) {
        return method + "." + target + "." + user + "." + body;
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public boolean idempotent() {
        return idempotent;
    }

    @Override
    public String execute(ToolCall call) throws ToolException, InterruptedException {
        ObjectNode arguments = call.argumentsObject();
        for (String name : required) {
            if (!arguments.hasNonNull(name)) {
                throw new ToolException("missing required argument '" + name + "'");
            }
        }
        String body = "";
        if (method.hasBody()) {
            ObjectNode rest = arguments.deepCopy();
            rest.remove(url.variables());
            body = rest.toString();
        }
        URI uri;
        try {
            uri = policy.check(url.expand(arguments, !method.hasBody()));
        } catch (UrlPolicy.RefusedUrlException e) {
            throw new ToolException("the request was refused by the server's address policy: the URL " + e.getMessage());
        }
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String user = call.context() == null || call.context().userId() == null ? "" : UrlTemplate.encode(call.context().userId());
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method.name(), method.hasBody() ? HttpRequest.BodyPublishers.ofString(body)
                        : HttpRequest.BodyPublishers.noBody());
        request.header("User-Agent", USER_AGENT);
        headers.forEach(request::setHeader);
        request.header(RequestSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(RequestSigner.SIGNATURE_HEADER, signer.sign(timestamp, payload(method.name(), target, user, body)))
                .header(TOOL_HEADER, specification.name());
        if (!user.isEmpty()) {
            request.header(USER_HEADER, user);
        }
        if (call.context() != null && call.context().runId() != null) {
            request.header(RUN_HEADER, call.context().runId());
        }
        if (method.hasBody()) {
            request.header("Content-Type", "application/json");
        }
        long started = System.nanoTime();
        HttpResponse<byte[]> response = send(request.build());
        int status = response.statusCode();
        log.debug("HTTP tool {} answered {} in {} ms", specification.name(), status,
                (System.nanoTime() - started) / 1_000_000);
        String text = decode(response);
        if (status < 200 || status > 299) {
            String excerpt = text.strip();
            if (excerpt.length() > ERROR_EXCERPT_CHARS) {
                excerpt = excerpt.substring(0, ERROR_EXCERPT_CHARS) + "...";
            }
            throw new ToolException("HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt));
        }
        return text.isEmpty() ? "HTTP " + status + " (no content)" : text;
    }

    /** The response, read whole within the timeout; a cancelled run (interrupt) cancels the exchange. */
    private HttpResponse<byte[]> send(HttpRequest request) throws ToolException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, LimitedBody.handler(maxResponseBytes));
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timedOut();
        } catch (ExecutionException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof LimitedBody.TooLargeException) {
                    throw new ToolException("the answer is larger than the tool's limit of " + maxResponseBytes + " bytes");
                }
                if (cause instanceof HttpTimeoutException) {
                    throw timedOut();
                }
                if (cause instanceof ConnectException) {
                    throw new ToolException("could not connect to the tool's server");
                }
            }
            Throwable cause = e.getCause();
            throw new ToolException("the request failed (" + (cause instanceof IOException ? cause.getClass().getSimpleName()
                    : "unexpected " + (cause == null ? "error" : cause.getClass().getSimpleName())) + ")");
        }
    }

    private ToolException timedOut() {
        return new ToolException("no complete answer within " + timeout.toMillis() + " ms");
    }

    private static String decode(HttpResponse<byte[]> response) {
        Charset charset = StandardCharsets.UTF_8;
        Matcher m = CHARSET.matcher(response.headers().firstValue("content-type").orElse(""));
        if (m.find()) {
            try {
                charset = Charset.forName(m.group(1));
            } catch (IllegalArgumentException e) {
                // an unknown charset: read as UTF-8
            }
        }
        return new String(response.body(), charset);
    }
}
