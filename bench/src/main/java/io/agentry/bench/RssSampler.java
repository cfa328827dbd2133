package io.agentry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Samples a process's resident set size (Linux {@code /proc/<pid>/status}) in the background and keeps the peak;
 * also reads the process's CPU time (user + system, all threads) on request.
 */
final class RssSampler {

    /** Peak and last resident set size, in MiB. */
    record Rss(double peakMib, double lastMib) {
    }

    private final long pid;
    private final Path status;
    private final Duration every;
    private volatile Thread thread;
    private volatile long peakKib;
    private volatile long lastKib;

    RssSampler(long pid, Duration every) {
        this.pid = pid;
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.every = every;
    }

    /** The process's resident set size now, in KiB; -1 when it cannot be read. */
    long sampleKib() {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The process's CPU time so far, in nanoseconds; -1 when it cannot be read. */
    long cpuNanos() {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("rss-sampler").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sample();
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private void sample() {
        long kib = sampleKib();
        if (kib > 0) {
            lastKib = kib;
            peakKib = Math.max(peakKib, kib);
        }
    }

    Rss stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        sample();
        return new Rss(peakKib / 1024.0, lastKib / 1024.0);
    }
}
