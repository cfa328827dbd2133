package io.agentry.bench;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.agentry.model.OfflineChatModel;
import io.agentry.model.OfflineModelOptions;
import io.agentry.tool.CalculatorTool;
import io.agentry.tool.CurrentTimeTool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Time to first token through the server, minus the model's own time to first token: what streaming
 * through Agentry (HTTP, the run, the event log, the SSE writer) adds before a user sees the first token.
 *
 * <p>Starts the packaged server itself on a loopback port (embedded mode, or distributed mode with
 * {@code --redis}) with the offline model answering after {@code --model-latency-ms}, sends
 * {@code POST /run} with {@code "stream": true} and times the first {@code token} event. The model's own
 * time to first token is measured in this process on the very request the server's first model call
 * makes (same system prompt, tools and message). Bounded: at most 5,000 requests, 32 in parallel, 30 s
 * each, 10 minutes in all; loopback only.
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.agentry.bench.StreamingFirstTokenBench \
 *     [--jar server/target/agentry.jar] [--requests 300] [--warmup 100] [--concurrency 1]
 *     [--model-latency-ms 50] [--redis redis://127.0.0.1:6379/0]
 * </pre>
 */
public final class StreamingFirstTokenBench {

    private static final String KEY = "bench-key";
    private static final String SYSTEM_PROMPT = "You are a benchmark assistant. Answer briefly.";
    private static final String MESSAGE = "Hello there, please say something back to me.";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOTAL_LIMIT = Duration.ofMinutes(10);

    private StreamingFirstTokenBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path jar = Path.of(options.getOrDefault("jar", "server/target/agentry.jar"));
        int requests = bounded(options, "requests", 300, 1, 5_000);
        int warmup = bounded(options, "warmup", 100, 0, 5_000);
        int concurrency = bounded(options, "concurrency", 1, 1, 32);
        int modelLatencyMs = bounded(options, "model-latency-ms", 50, 0, 10_000);
        String redis = options.get("redis");
        if (redis != null && !isLoopback(URI.create(redis).getHost())) {
            throw new IllegalArgumentException("--redis must be on this machine (loopback only)");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " not found: build it with ./mvnw -DskipTests package");
        }

        Histogram modelOwn = modelTimeToFirstToken(modelLatencyMs, Math.max(requests, 100));
        long modelMedianNanos = modelOwn.getValueAtPercentile(50);

        int port = freePort();
        Process server = startServer(jar, port, modelLatencyMs, redis);
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitReady(http, port, server);
            long deadline = System.nanoTime() + TOTAL_LIMIT.toNanos();
            run(http, port, warmup, concurrency, deadline);
            List<Timing> timings = run(http, port, requests, concurrency, deadline);

            Histogram started = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            Histogram through = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            Histogram added = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
            for (Timing timing : timings) {
                started.recordValue(timing.runStartedNanos());
                through.recordValue(timing.firstTokenNanos());
                added.recordValue(Math.max(0, timing.firstTokenNanos() - modelMedianNanos));
            }
            System.out.printf("mode: %s, requests: %d (after %d warm-up), concurrency: %d, model latency: %d ms%n",
                    redis == null ? "embedded (in-process events)" : "distributed (Redis Streams)", timings.size(), warmup,
                    concurrency, modelLatencyMs);
            System.out.println("| ms | p50 | p90 | p99 | max |");
            System.out.println("|---|---|---|---|---|");
            row("time to run.started", started);
            row("time to first token through the server", through);
            row("model's own time to first token", modelOwn);
            row("added by the server (first token - model median)", added);
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The offline model alone, on the request the server's first call sends: call to first partial response. */
    private static Histogram modelTimeToFirstToken(int latencyMs, int samples) throws InterruptedException {
        OfflineChatModel model = new OfflineChatModel(new OfflineModelOptions(latencyMs, 0, 0));
        List<ToolSpecification> tools = List.of(new CalculatorTool().specification(),
                new CurrentTimeTool(Clock.systemUTC()).specification());
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(SYSTEM_PROMPT), UserMessage.from(MESSAGE))
                .maxOutputTokens(4096)
                .toolSpecifications(tools)
                .build();
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (int i = 0; i < samples + 50; i++) {
            CompletableFuture<Long> first = new CompletableFuture<>();
            long start = System.nanoTime();
            model.chat(request, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String text) {
                    first.complete(System.nanoTime() - start);
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    first.complete(-1L);
                }

                @Override
                public void onError(Throwable error) {
                    first.completeExceptionally(error);
                }
            });
            long nanos = first.join();
            if (nanos < 0) {
                throw new IllegalStateException("the offline model produced no token");
            }
            if (i >= 50) {
                histogram.recordValue(nanos);
            }
        }
        return histogram;
    }

    /** Nanoseconds from sending the request to the {@code run.started} and the first {@code token} event. */
    private record Timing(long runStartedNanos, long firstTokenNanos) {
    }

    private static List<Timing> run(HttpClient http, int port, int count, int concurrency, long deadline) throws Exception {
        List<Timing> results = new ArrayList<>(count);
        try (ExecutorService clients = Executors.newFixedThreadPool(concurrency)) {
            List<Future<Timing>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                futures.add(clients.submit(() -> {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the benchmark's time limit of " + TOTAL_LIMIT + " passed");
                    }
                    return firstToken(http, port);
                }));
            }
            for (Future<Timing> future : futures) {
                results.add(future.get());
            }
        }
        return results;
    }

    /** Sends one streamed run and reads it to the end. */
    private static Timing firstToken(HttpClient http, int port) throws IOException, InterruptedException {
        String body = "{\"message\":\"" + MESSAGE + "\",\"user_id\":\"bench\",\"stream\":true}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/run"))
                .timeout(REQUEST_TIMEOUT)
                .header("X-Api-Key", KEY)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("POST /run answered " + response.statusCode());
        }
        long runStarted = -1;
        long first = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (runStarted < 0 && line.equals("event: run.started")) {
                    runStarted = System.nanoTime() - start;
                }
                if (first < 0 && line.equals("event: token")) {
                    first = System.nanoTime() - start;
                }
                // read to the end so that every run completes before the next one starts
            }
        }
        if (first < 0 || runStarted < 0) {
            throw new IllegalStateException("the stream had no run.started or no token event");
        }
        return new Timing(runStarted, first);
    }

    private static Process startServer(Path jar, int port, int modelLatencyMs, String redis) throws IOException {
        Path log = Files.createTempFile("agentry-bench-", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar.toString(),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--spring.datasource.url=jdbc:h2:mem:bench;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                "--agentry.security.keys[0].name=bench",
                "--agentry.security.keys[0].key=" + KEY,
                "--agentry.agents.default.system-prompt=" + SYSTEM_PROMPT,
                "--agentry.agents.default.tools=calculator,current_time",
                "--agentry.models.offline.latency-ms=" + modelLatencyMs,
                "--agentry.streaming.retention=10m",
                "--logging.level.root=WARN"));
        if (redis != null) {
            command.add("--agentry.redis.url=" + redis);
            command.add("--agentry.redis.key-prefix=bench-" + UUID.randomUUID() + ":");
        }
        System.out.println("server log: " + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitReady(HttpClient http, int port, Process server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue());
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server was not ready within 120 s");
    }

    private static void row(String name, Histogram h) {
        System.out.printf("| %s | %.2f | %.2f | %.2f | %.2f |%n", name, ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static boolean isLoopback(String host) {
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static int bounded(Map<String, String> options, String name, int fallback, int min, int max) {
        int value = options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
        }
        return value;
    }
}
