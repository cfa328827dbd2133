package io.agentry.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The background-task benchmark: submits {@code count} tasks for one user through {@code POST /tasks}
 * ({@code concurrency} clients), waits until none is queued or running, then reads every task's
 * timestamps. Enqueue-to-start is {@code started_at - created_at} of each task (the server's clock, when a
 * worker claimed it); the drain rate is tasks per second from the first {@code created_at} to the last
 * {@code finished_at}. With {@code awaitRunning}, it also waits until that many tasks run at once (the
 * worker's busy slots in {@code GET /metrics}) and samples the server's resident memory meanwhile.
 */
final class TaskDrain {

    record Settings(Target target, String apiKey, String user, String message, int count, int concurrency,
                    int awaitRunning, Duration timeout) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Settings settings;

    TaskDrain(Settings settings) {
        this.settings = settings;
    }

    Map<String, Object> run(RssSampler rss) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("tasks", settings.count());
        if (rss != null) {
            result.put("server_rss_idle_mib", LoadResult.round(rss.sampleKib() / 1024.0, 1));
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();

        Recorder submitMicros = new Recorder(3_600_000_000L, 3);
        LongAdder refused = new LongAdder();
        long submitStart = System.nanoTime();
        submit(submitMicros, refused);
        double submitSeconds = (System.nanoTime() - submitStart) / 1e9;
        result.put("submit_seconds", LoadResult.round(submitSeconds, 3));
        result.put("submit_per_s", LoadResult.round(settings.count() / submitSeconds, 1));
        result.put("submit_refused", refused.sum());
        result.put("submit_latency_ms", LoadResult.percentiles(submitMicros.getIntervalHistogram()));

        try (Api api = new Api(settings)) {
            if (settings.awaitRunning() > 0) {
                long waitStart = System.nanoTime();
                while (api.busySlots() < settings.awaitRunning()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("never saw " + settings.awaitRunning() + " tasks running at once");
                    }
                    Thread.sleep(50);
                }
                result.put("all_running_after_s", LoadResult.round((System.nanoTime() - waitStart) / 1e9, 3));
                if (rss != null) {
                    // the tasks are all waiting on their model call now: sample for a few seconds
                    rss.start();
                    Thread.sleep(3000);
                    RssSampler.Rss held = rss.stop();
                    result.put("server_rss_while_running_mib", LoadResult.round(held.peakMib(), 1));
                }
            }
            // the figures come from the tasks' own timestamps: polling often would only load the server
            while (api.any("queued") || api.any("running")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("tasks still unfinished after " + settings.timeout());
                }
                Thread.sleep(250);
            }
            List<JsonNode> finished = api.all();
            Histogram toStart = new Histogram(3_600_000_000L, 3);
            Instant firstCreated = null;
            Instant lastFinished = null;
            Map<String, Integer> statuses = new LinkedHashMap<>();
            for (JsonNode task : finished) {
                statuses.merge(task.get("status").asString(), 1, Integer::sum);
                Instant created = Instant.parse(task.get("created_at").asString());
                firstCreated = firstCreated == null || created.isBefore(firstCreated) ? created : firstCreated;
                if (task.hasNonNull("started_at")) {
                    long micros = Duration.between(created, Instant.parse(task.get("started_at").asString())).toNanos() / 1000;
                    toStart.recordValue(Math.max(1, micros));
                }
                if (task.hasNonNull("finished_at")) {
                    Instant done = Instant.parse(task.get("finished_at").asString());
                    lastFinished = lastFinished == null || done.isAfter(lastFinished) ? done : lastFinished;
                }
            }
            result.put("statuses", statuses);
            result.put("enqueue_to_start_ms", LoadResult.percentiles(toStart));
            if (firstCreated != null && lastFinished != null) {
                double span = Duration.between(firstCreated, lastFinished).toNanos() / 1e9;
                result.put("drain_seconds", LoadResult.round(span, 3));
                result.put("drain_per_s", LoadResult.round(finished.size() / span, 1));
            }
        }
        return result;
    }

    private void submit(Recorder latency, LongAdder refused) throws InterruptedException {
        String body = "{\"message\":" + JSON.writeValueAsString(settings.message()) + ",\"user_id\":"
                + JSON.writeValueAsString(settings.user()) + "}";
        byte[] request = settings.target().request("POST", "/tasks", settings.apiKey(), null, body);
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < settings.concurrency(); c++) {
            clients.add(Thread.ofVirtual().start(() -> {
                HttpConnection connection = null;
                try {
                    while (next.getAndIncrement() < settings.count()) {
                        long started = System.nanoTime();
                        if (connection == null) {
                            connection = new HttpConnection(settings.target(), Duration.ofSeconds(10), Duration.ofSeconds(60));
                        }
                        HttpConnection.Response response = connection.exchange(request);
                        latency.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
                        if (response.status() != 202) {
                            refused.increment();
                        }
                        if (!response.keepAlive()) {
                            connection.close();
                            connection = null;
                        }
                    }
                } catch (IOException e) {
                    refused.increment();
                } finally {
                    if (connection != null) {
                        connection.close();
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
    }

    /** The few API calls the benchmark makes besides submitting, on one connection. */
    private static final class Api implements AutoCloseable {
        private final Settings settings;
        private HttpConnection connection;

        Api(Settings settings) throws IOException {
            this.settings = settings;
            this.connection = new HttpConnection(settings.target(), Duration.ofSeconds(10), Duration.ofSeconds(60));
        }

        private HttpConnection.Response get(String path) throws IOException {
            HttpConnection.Response response = connection.exchange(
                    settings.target().request("GET", path, settings.apiKey(), null, null));
            if (!response.keepAlive()) {
                connection.close();
                connection = new HttpConnection(settings.target(), Duration.ofSeconds(10), Duration.ofSeconds(60));
            }
            if (response.status() != 200) {
                throw new IOException("GET " + path + " answered " + response.status() + ": " + response.text());
            }
            return response;
        }

        private String user() {
            return URLEncoder.encode(settings.user(), StandardCharsets.UTF_8);
        }

        boolean any(String status) throws IOException {
            JsonNode page = JSON.readTree(get("/tasks?user_id=" + user() + "&status=" + status + "&limit=1").body());
            return !page.get("tasks").isEmpty();
        }

        /** Every task of the user, through the pages of {@code GET /tasks}. */
        List<JsonNode> all() throws IOException {
            List<JsonNode> tasks = new ArrayList<>();
            String cursor = null;
            do {
                JsonNode page = JSON.readTree(get("/tasks?user_id=" + user() + "&limit=100"
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))).body());
                page.get("tasks").forEach(tasks::add);
                cursor = page.hasNonNull("next_cursor") ? page.get("next_cursor").asString() : null;
            } while (cursor != null);
            return Collections.unmodifiableList(tasks);
        }

        /** The worker's busy slots, from {@code GET /metrics}. */
        double busySlots() throws IOException {
            for (String line : get("/metrics").text().split("\n")) {
                if (line.startsWith("agent_worker_slots_busy ")) {
                    return Double.parseDouble(line.substring("agent_worker_slots_busy ".length()).trim());
                }
            }
            throw new IOException("GET /metrics has no agent_worker_slots_busy: is a worker running in this process?");
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
