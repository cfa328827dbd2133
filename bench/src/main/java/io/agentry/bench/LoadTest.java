package io.agentry.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * Sends one request over and over and measures it. Closed loop: {@code clients} virtual threads, each with
 * its own keep-alive connection, send the next request when the last one answered. Open loop: requests
 * start on a fixed schedule ({@code rate} per second) whatever the answers, each measured from when it was
 * due (so a stalled server shows in the latency instead of slowing the schedule), at most
 * {@code maxInFlight} at once (more are counted as dropped).
 *
 * <p>Always bounded: by {@code maxRequests} and by {@code warmup + duration}, whichever ends first. Requests
 * that start during the warm-up are sent but not measured.
 */
final class LoadTest {

    /**
     * @param expect     a successful response's body must contain this (null: any 2xx is a success)
     * @param ramp       closed loop: clients start spread over this long (opening thousands of connections
     *                   at once would overflow the server's accept queue)
     */
    record Settings(Target target, String method, String path, String apiKey, String accept, String body,
                    int clients, double rate, int maxInFlight, long maxRequests, Duration warmup, Duration duration,
                    Duration ramp, Duration timeout, String expect) {

        boolean openLoop() {
            return rate > 0;
        }
    }

    private final Settings settings;
    private final byte[] request;
    private final byte[] expect;
    private final Recorder latency = new Recorder(3_600_000_000L, 3);
    private final Recorder firstToken = new Recorder(3_600_000_000L, 3);
    private final LongAdder ok = new LongAdder();
    /** Requests that ended (answered or failed) inside the measured window, whenever they began. */
    private final LongAdder endedInWindow = new LongAdder();
    /**
     * Successes that ended inside the measured window, whenever they began: the closed loop's throughput. Counting
     * only those that also began in it ({@code ok}) misses a request per client at the window's start, which with a
     * 1 s model and a 20 s window understates the throughput by 5 %.
     */
    private final LongAdder answeredInWindow = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong lastCompletion = new AtomicLong();
    private volatile long measureFrom;
    private volatile long measureUntil;
    private volatile boolean stop;

    LoadTest(Settings settings) {
        this.settings = settings;
        this.request = settings.target().request(settings.method(), settings.path(), settings.apiKey(), settings.accept(),
                settings.body());
        this.expect = settings.expect() == null ? null : settings.expect().getBytes(StandardCharsets.UTF_8);
    }

    LoadResult run(RssSampler rss) throws InterruptedException {
        long start = System.nanoTime();
        measureFrom = start + settings.warmup().toNanos();
        measureUntil = measureFrom + settings.duration().toNanos();
        AtomicLong cpuAtMeasureFrom = new AtomicLong(-1);
        if (rss != null) {
            rss.start();
            // the server's CPU time over the measured window, for its CPU per request
            Thread.ofVirtual().start(() -> {
                for (long wait = measureFrom - System.nanoTime(); wait > 0; wait = measureFrom - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                cpuAtMeasureFrom.set(rss.cpuNanos());
            });
        }
        Thread driver = settings.openLoop() ? Thread.ofPlatform().name("open-loop").start(this::openLoop)
                : Thread.ofPlatform().name("closed-loop").start(this::closedLoop);
        long deadline = measureUntil;
        for (long wait = deadline - System.nanoTime(); driver.isAlive() && wait > 0; wait = deadline - System.nanoTime()) {
            driver.join(Duration.ofNanos(Math.min(wait, Duration.ofMillis(50).toNanos())));
        }
        long cpuAtMeasureUntil = rss == null ? -1 : rss.cpuNanos();
        stop = true;
        driver.join(settings.timeout().plusSeconds(5));
        long end = Math.min(System.nanoTime(), measureUntil);
        if (settings.maxRequests() != Long.MAX_VALUE && lastCompletion.get() > 0) {
            end = Math.min(end, Math.max(lastCompletion.get(), measureFrom));
        }
        double seconds = Math.max(1e-9, (end - measureFrom) / 1e9);
        Map<String, Long> errorCounts = new java.util.TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        long completed = ok.sum();
        // CPU over the window per request that ended in it, however it ended and whenever it began (the requests in
        // flight at the window's edges balance out); none when a reading is missing or came out of order
        long cpuNanos = cpuAtMeasureUntil - cpuAtMeasureFrom.get();
        long ended = endedInWindow.sum();
        Double cpuMsPerRequest = cpuAtMeasureFrom.get() < 0 || cpuAtMeasureUntil < 0 || cpuNanos < 0 || ended == 0 ? null
                : cpuNanos / 1e6 / ended;
        return new LoadResult(settings, completed, answeredInWindow.sum(), errorCounts, seconds,
                latency.getIntervalHistogram(), firstToken.getIntervalHistogram(), rss == null ? null : rss.stop(),
                cpuMsPerRequest);
    }

    private void closedLoop() {
        List<Thread> clients = new ArrayList<>(settings.clients());
        long rampNanos = settings.ramp().toNanos();
        for (int i = 0; i < settings.clients(); i++) {
            long delay = settings.clients() <= 1 ? 0 : rampNanos * i / settings.clients();
            clients.add(Thread.ofVirtual().name("client-" + i).start(() -> client(delay)));
        }
        for (Thread client : clients) {
            try {
                client.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void client(long delayNanos) {
        if (delayNanos > 0) {
            LockSupport.parkNanos(delayNanos);
        }
        HttpConnection connection = null;
        try {
            while (!stop && issued.getAndIncrement() < settings.maxRequests()) {
                long started = System.nanoTime();
                if (connection == null) {
                    connection = connect();
                    if (connection == null) {
                        record(started, null, "connect");
                        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
                        continue;
                    }
                }
                connection = exchange(connection, started);
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private void openLoop() {
        ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        long interval = (long) (1e9 / settings.rate());
        long start = System.nanoTime();
        long n = 0;
        while (!stop && n < settings.maxRequests()) {
            long due = start + n * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            n++;
            issued.incrementAndGet();
            if (!inFlight.tryAcquire()) {
                record(due, null, "dropped");
                continue;
            }
            Thread.ofVirtual().start(() -> {
                try {
                    HttpConnection connection = idle.pollFirst();
                    if (connection == null) {
                        connection = connect();
                    }
                    if (connection == null) {
                        record(due, null, "connect");
                        return;
                    }
                    connection = exchange(connection, due);
                    if (connection != null) {
                        idle.addFirst(connection);
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
        inFlight.acquireUninterruptibly(settings.maxInFlight());
        idle.forEach(HttpConnection::close);
    }

    private HttpConnection connect() {
        try {
            return new HttpConnection(settings.target(), Duration.ofSeconds(10), settings.timeout());
        } catch (IOException e) {
            return null;
        }
    }

    /** One request on the connection; returns the connection if it can be used again, else null (closed). */
    private HttpConnection exchange(HttpConnection connection, long started) {
        try {
            HttpConnection.Response response = connection.exchange(request);
            String error = null;
            if (response.status() < 200 || response.status() > 299) {
                error = "http_" + response.status();
            } else if (expect != null && !response.contains(expect)) {
                error = "unexpected_body";
            }
            record(started, response, error);
            if (response.keepAlive()) {
                return connection;
            }
        } catch (IOException e) {
            record(started, null, e instanceof java.net.SocketTimeoutException ? "timeout" : "io");
        }
        connection.close();
        return null;
    }

    private void record(long started, HttpConnection.Response response, String error) {
        long now = System.nanoTime();
        lastCompletion.accumulateAndGet(now, Math::max);
        if (now >= measureFrom && now <= measureUntil) {
            endedInWindow.increment();
            if (error == null) {
                answeredInWindow.increment();
            }
        }
        if (started < measureFrom || now > measureUntil) {
            return;
        }
        if (error != null) {
            errors.computeIfAbsent(error, k -> new LongAdder()).increment();
            return;
        }
        ok.increment();
        latency.recordValue(Math.max(1, (now - started) / 1000));
        if (response != null && response.firstTokenNanos() > 0) {
            firstToken.recordValue(Math.max(1, (response.firstTokenNanos() - started) / 1000));
        }
    }
}
