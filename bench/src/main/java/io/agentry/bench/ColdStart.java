package io.agentry.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: wall time from launching the JVM to the first successful {@code POST /run}, for each way of
 * running the server ({@link Variant}: the plain jar, the extracted jar, the extracted jar with the JDK AOT cache;
 * {@link ColdStartVariants} prepares them as the Dockerfile does). A first, uncounted start creates and migrates
 * the store; the measured starts find it in place, as a restarted or added replica does. Rounds interleave the
 * variants so that a busy neighbour slows them all alike. Each start gets a port of its own, runs in its
 * variant's directory, is polled every 5 ms and is stopped with SIGTERM once it answered.
 */
final class ColdStart {

    /** A run that answered but failed (a provider not ready, say) is not a start. */
    private static final byte[] SUCCESS = "\"success\":true".getBytes(StandardCharsets.UTF_8);

    /** One way of starting the server: its working directory and the java arguments before the server's own. */
    record Variant(String name, Path dir, List<String> javaArgs) {
    }

    /**
     * @param java        the java launcher
     * @param jvmOptions  JVM options for every variant (to try a flag)
     * @param serverArgs  the server's arguments ({@code --key=value}) for every start; {@code --server.port} is added
     */
    record Settings(String java, List<String> jvmOptions, List<Variant> variants, List<String> serverArgs,
                    String apiKey, String body, int runs, Duration timeout) {
    }

    private record Sample(double wallMs, double cpuMs) {
    }

    private final Settings settings;
    private int starts;

    ColdStart(Settings settings) {
        this.settings = settings;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("runs", settings.runs());
        Variant first = settings.variants().getFirst();
        result.put("migrating_start", Map.of("variant", first.name(), "wall_ms", LoadResult.round(once(first).wallMs(), 0)));
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        settings.variants().forEach(v -> samples.put(v.name(), new ArrayList<>()));
        for (int round = 1; round <= settings.runs(); round++) {
            for (Variant variant : settings.variants()) {
                Sample sample = once(variant);
                samples.get(variant.name()).add(sample);
                System.err.printf(Locale.ROOT, "round %d %-10s wall %7.0f ms  cpu %7.0f ms  (load %s)%n", round,
                        variant.name(), sample.wallMs(), sample.cpuMs(), loadAverage());
            }
        }
        List<Map<String, Object>> variants = new ArrayList<>();
        samples.forEach((name, list) -> {
            List<Double> wall = list.stream().map(Sample::wallMs).sorted().toList();
            List<Double> cpu = list.stream().map(Sample::cpuMs).sorted().toList();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", name);
            v.put("wall_ms", Map.of("median", LoadResult.round(median(wall), 0),
                    "min", LoadResult.round(wall.getFirst(), 0), "max", LoadResult.round(wall.getLast(), 0)));
            v.put("cpu_median_ms", LoadResult.round(median(cpu), 0));
            v.put("each_ms", list.stream().map(s -> LoadResult.round(s.wallMs(), 0)).toList());
            variants.add(v);
        });
        result.put("variants", variants);
        return result;
    }

    private Sample once(Variant variant) throws Exception {
        int port = freePort();
        Target target = Target.of("http://127.0.0.1:" + port);
        byte[] request = target.request("POST", "/run", settings.apiKey(), null, settings.body());
        List<String> command = new ArrayList<>();
        command.add(settings.java());
        command.addAll(settings.jvmOptions());
        command.addAll(variant.javaArgs());
        command.add("--server.port=" + port);
        command.addAll(settings.serverArgs());
        Path log = variant.dir().resolve("cold-start-" + variant.name() + "-" + (++starts) + ".log");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(variant.dir().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            long deadline = start + settings.timeout().toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(variant.name() + " exited with " + process.exitValue() + "; see " + log);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(variant.name() + ": no successful POST /run within "
                            + settings.timeout() + "; see " + log);
                }
                if (answered(target, request)) {
                    double wall = (System.nanoTime() - start) / 1e6;
                    double cpu = process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e6;
                    return new Sample(wall, cpu);
                }
                Thread.sleep(5);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean answered(Target target, byte[] request) {
        try (HttpConnection connection = new HttpConnection(target, Duration.ofMillis(200), Duration.ofSeconds(30))) {
            HttpConnection.Response response = connection.exchange(request);
            return response.status() == 200 && response.contains(SUCCESS);
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readAllLines(Path.of("/proc/loadavg")).getFirst().split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
