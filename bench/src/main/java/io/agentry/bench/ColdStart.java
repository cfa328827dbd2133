package io.agentry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Process start to first successful {@code POST /run}: starts the server command, then sends the run every
 * few milliseconds until one answers 200; stops the server (SIGTERM) and repeats. Each start gets an empty
 * working directory of its own (so the embedded store is created and migrated: a first start) and, with
 * {@code restarts}, is started a second time in it (a restart, schema in place).
 */
final class ColdStart {

    record Settings(Target target, String apiKey, String body, List<String> command, Path workDir, int runs,
                    boolean restarts, Duration timeout) {
    }

    private final Settings settings;
    private final byte[] request;

    ColdStart(Settings settings) {
        this.settings = settings;
        this.request = settings.target().request("POST", "/run", settings.apiKey(), null, settings.body());
    }

    Map<String, Object> run() throws Exception {
        Histogram first = new Histogram(3_600_000_000L, 3);
        Histogram again = new Histogram(3_600_000_000L, 3);
        List<Double> firstMs = new ArrayList<>();
        List<Double> againMs = new ArrayList<>();
        for (int i = 0; i < settings.runs(); i++) {
            Path dir = settings.workDir().resolve("start-" + i);
            Files.createDirectories(dir);
            long micros = once(dir, "first");
            first.recordValue(micros);
            firstMs.add(micros / 1000.0);
            if (settings.restarts()) {
                micros = once(dir, "restart");
                again.recordValue(micros);
                againMs.add(micros / 1000.0);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("runs", settings.runs());
        result.put("first_start_ms", LoadResult.percentiles(first));
        result.put("first_start_each_ms", firstMs);
        if (settings.restarts()) {
            result.put("restart_ms", LoadResult.percentiles(again));
            result.put("restart_each_ms", againMs);
        }
        return result;
    }

    private long once(Path dir, String name) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(settings.command()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        try {
            long deadline = started + settings.timeout().toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited with " + process.exitValue() + "; see "
                            + dir.resolve(name + ".log"));
                }
                if (answered()) {
                    return (System.nanoTime() - started) / 1000;
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("no successful POST /run within " + settings.timeout());
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private boolean answered() {
        try (HttpConnection connection = new HttpConnection(settings.target(), Duration.ofMillis(200), Duration.ofSeconds(30))) {
            return connection.exchange(request).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
