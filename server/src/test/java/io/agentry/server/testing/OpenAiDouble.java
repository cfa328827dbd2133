package io.agentry.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A model provider double on loopback (the JDK's HTTP server) speaking OpenAI's chat completions wire format, JSON or,
 * for {@code "stream": true}, server-sent events with usage, so that the server's own OpenAI adapter calls it. It
 * plays a conversation of {@code turns} model turns: turn k (one plus the assistant messages in the request) asks
 * for the tool {@code tool} with {@code {"step": k}} until the last turn answers {@link #answer}; turn k's usage is
 * {@code 100 k} prompt and 10 completion tokens. It counts every request by turn, and can hold the first request of
 * one turn until released (to kill the process that sent it meanwhile).
 */
public final class OpenAiDouble implements AutoCloseable {

    private final HttpServer server;
    private final int turns;
    private final String tool;
    private final List<Integer> requests = new CopyOnWriteArrayList<>();
    private final Map<Integer, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final CountDownLatch held = new CountDownLatch(1);

    public OpenAiDouble(int turns, String tool) throws IOException {
        this.turns = turns;
        this.tool = tool;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    /** The base URL to configure as {@code agentry.providers.openai.base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public static String answer(int turns) {
        return "All " + turns + " steps done.";
    }

    /** Holds the first request of {@code turn} until {@link #release}. */
    public void holdFirst(int turn) {
        holds.put(turn, new CountDownLatch(1));
    }

    /** Waits until a held request has arrived. */
    public boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    public void release() {
        holds.values().forEach(CountDownLatch::countDown);
    }

    /** The turn of every request received, in order. */
    public List<Integer> requests() {
        return List.copyOf(requests);
    }

    public static long promptTokens(int turn) {
        return 100L * turn;
    }

    public static final long COMPLETION_TOKENS = 10;

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = ApiClient.JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int turn = 1;
            for (JsonNode message : body.get("messages")) {
                if ("assistant".equals(message.get("role").asString())) {
                    turn++;
                }
            }
            requests.add(turn);
            CountDownLatch hold = holds.remove(turn);
            if (hold != null) {
                held.countDown();
                try {
                    hold.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return; // the caller is gone: answer nothing
            }
            boolean stream = body.has("stream") && body.get("stream").asBoolean();
            String call = "{\"id\":\"call_" + turn + "\",\"type\":\"function\",\"function\":{\"name\":\"" + tool
                    + "\",\"arguments\":\"{\\\"step\\\":" + turn + "}\"}}";
            boolean last = turn >= turns;
            String usage = "{\"prompt_tokens\":" + promptTokens(turn) + ",\"completion_tokens\":" + COMPLETION_TOKENS
                    + ",\"total_tokens\":" + (promptTokens(turn) + COMPLETION_TOKENS) + "}";
            String head = "\"id\":\"chatcmpl-" + turn + "\",\"created\":1741570283,\"model\":\"gpt-4o-mini-2024-07-18\"";
            String text;
            if (stream) {
                String delta = last ? "{\"role\":\"assistant\",\"content\":\"" + answer(turns) + "\"}"
                        : "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call.replaceFirst("\\{", "{\"index\":0,") + "]}";
                text = "data: {" + head + ",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":" + delta
                        + ",\"finish_reason\":null}],\"usage\":null}\n\n"
                        + "data: {" + head + ",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},"
                        + "\"finish_reason\":\"" + (last ? "stop" : "tool_calls") + "\"}],\"usage\":null}\n\n"
                        + "data: {" + head + ",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":" + usage + "}\n\n"
                        + "data: [DONE]\n\n";
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            } else {
                String message = last ? "{\"role\":\"assistant\",\"content\":\"" + answer(turns) + "\"}"
                        : "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + call + "]}";
                text = "{" + head + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":" + message
                        + ",\"finish_reason\":\"" + (last ? "stop" : "tool_calls") + "\"}],\"usage\":" + usage + "}";
                exchange.getResponseHeaders().set("Content-Type", "application/json");
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
