package io.agentry.server.langgraph;

import com.sun.net.httpserver.HttpExchange;
import io.agentry.server.testing.ToolEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The endpoint of the {@code gate} HTTP tool, which keeps a run busy for as long as a test wants, with no sleeps
 * and no slow model: the offline model calls it for {@code /tool gate {"key": "<key>"}}, and the call
 * ({@code GET /gate/<key>}) answers only once the test has released that key. The Node tests (separate processes)
 * steer it over HTTP: {@code GET /arrived/<key>} answers 200 once a run is waiting at that gate (504 after 30 s),
 * {@code POST /release/<key>} lets it (and every later call with that key) through. It also stands for a run's
 * webhook: {@code POST /webhook/<key>} keeps the body, which {@code GET /hook/<key>} answers once it came (504 after
 * 30 s).
 */
final class Gates implements ToolEndpoint.Answer {

    private final Map<String, CountDownLatch> arrived = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> released = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> hooked = new ConcurrentHashMap<>();
    private final Map<String, String> hooks = new ConcurrentHashMap<>();

    @Override
    public void answer(HttpExchange exchange, CountDownLatch closed) throws IOException, InterruptedException {
        String[] path = exchange.getRequestURI().getPath().split("/", 3);
        if (path.length != 3 || path[2].isEmpty()) {
            send(exchange, 404, "no such gate route");
            return;
        }
        String key = path[2];
        switch (path[1]) {
            case "gate" -> {
                latch(arrived, key).countDown();
                boolean through = latch(released, key).await(60, TimeUnit.SECONDS);
                send(exchange, through ? 200 : 504, "gate " + key + (through ? " opened" : " never opened"));
            }
            case "arrived" -> {
                boolean there = latch(arrived, key).await(30, TimeUnit.SECONDS);
                send(exchange, there ? 200 : 504, there ? "arrived" : "no run came to gate " + key);
            }
            case "release" -> {
                latch(released, key).countDown();
                send(exchange, 200, "released");
            }
            case "webhook" -> {
                hooks.put(key, ToolEndpoint.body(exchange));
                latch(hooked, key).countDown();
                send(exchange, 200, "thanks");
            }
            case "hook" -> {
                boolean came = latch(hooked, key).await(30, TimeUnit.SECONDS);
                send(exchange, came ? 200 : 504, came ? hooks.get(key) : "no webhook came for " + key);
            }
            default -> send(exchange, 404, "no such gate route");
        }
    }

    private static CountDownLatch latch(Map<String, CountDownLatch> latches, String key) {
        return latches.computeIfAbsent(key, k -> new CountDownLatch(1));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
