package io.agentry.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP server on loopback (the JDK's) standing for an HTTP tool's endpoint: it records every request and
 * answers what the test set with {@link #answer}, and verifies signatures the way the README tells an endpoint to,
 * written here from the README's recipe rather than with the server's signer.
 */
public final class ToolEndpoint implements AutoCloseable {

    /** A request as received: the raw request target (path and query, as sent), headers by lower-case name. */
    public record Received(String method, String target, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What the endpoint answers. */
    @FunctionalInterface
    public interface Answer {
        void answer(HttpExchange exchange, CountDownLatch release) throws IOException, InterruptedException;
    }

    private static final String BODY = ToolEndpoint.class.getName() + ".body";

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Answer answer = reply(200, "text/plain", "ok");

    public ToolEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                exchange.setAttribute(BODY, body);
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                        headers, body));
                answer.answer(exchange, release);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    /** The body of the request an {@link Answer} is answering (the endpoint has read it already, to record it). */
    public static String body(HttpExchange exchange) {
        return (String) exchange.getAttribute(BODY);
    }

    /** Answers {@code status} with {@code body}. */
    public static Answer reply(int status, String contentType, String body) {
        return (exchange, release) -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    public void answer(Answer answer) {
        this.answer = answer;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The next request received (waits up to 10 s for it). */
    public Received next() throws InterruptedException {
        Received request = received.poll(10, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the endpoint received no request");
        }
        return request;
    }

    public List<Received> drain() {
        List<Received> requests = new java.util.ArrayList<>();
        received.drainTo(requests);
        return requests;
    }

    /**
     * Whether {@code request} is signed with {@code secret} as the README describes: {@code X-Agentry-Signature} is
     * {@code v1=} and the hex HMAC-SHA256 of {@code <timestamp>.<METHOD>.<path?query>.<user id>.<body>}, compared in
     * constant time.
     */
    public static boolean verifies(Received request, String secret) {
        String timestamp = request.header("X-Agentry-Timestamp");
        String user = request.header("X-Agentry-User-Id") == null ? "" : request.header("X-Agentry-User-Id");
        String signed = timestamp + "." + request.method() + "." + request.target() + "." + user + "." + request.body();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
            String given = request.header("X-Agentry-Signature");
            return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    given.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
