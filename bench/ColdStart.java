import java.io.IOException;
import java.net.URI;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: wall time from launching the JVM to the first successful {@code POST /run}, for the plain jar,
 * the extracted (layered) jar and the extracted jar with the JDK AOT cache, prepared with exactly the
 * commands the Dockerfile runs ({@code deploy/app-image.sh}). A single-file program (JDK 25, no dependencies):
 *
 * <pre>
 * ./mvnw -q -DskipTests package -pl server -am
 * java bench/ColdStart.java [--runs 7] [--variants plain,extracted,aot] [--embedded]
 *                          [--jvm-options "-XX:..."] [--no-prepare] [--redis redis://127.0.0.1:6379]
 * </pre>
 *
 * {@code --jvm-options} adds JVM options to every variant (to try a flag); {@code --no-prepare} reuses the
 * extracted application and cache of the previous run in {@code bench/target/cold-start/}.
 *
 * By default each server starts as a new api replica would in the Compose and Kubernetes set-ups:
 * {@code agentry.role=api}, a PostgreSQL database of its own whose schema is already migrated (a first,
 * uncounted start migrates it), and the local Redis under a key prefix of its own. {@code --embedded} measures
 * the zero-configuration mode instead (H2 file, already migrated, role {@code all}). Rounds interleave the
 * variants so that a busy neighbour slows them all alike. Prints each run, then the median, min and max of
 * the wall time and of the server's CPU time (user + system, all threads) up to that first answer.
 */
public class ColdStart {

    private static final String KEY = "agentry-dev-key";
    private static final String BODY = "{\"message\":\"what is 17*23?\",\"user_id\":\"cold-start\"}";

    /** Extra JVM options for every variant (--jvm-options "-Xlog:... -X..."), for experiments. */
    private static List<String> JVM_OPTIONS = List.of();

    record Variant(String name, Path dir, List<String> javaArgs) {
    }

    record Sample(String variant, double wallMs, double cpuMs) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        int runs = Integer.parseInt(options.getOrDefault("runs", "7"));
        boolean embedded = options.containsKey("embedded");
        if (options.containsKey("jvm-options")) {
            JVM_OPTIONS = List.of(options.get("jvm-options").trim().split("\\s+"));
        }
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        Path jar = root.resolve(options.getOrDefault("jar", "server/target/agentry.jar"));
        Path work = root.resolve(options.getOrDefault("work", "bench/target/cold-start"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " not found: run ./mvnw -DskipTests package -pl server -am first");
        }

        if (!options.containsKey("no-prepare")) {
            prepare(root, jar, work);
        }
        Map<String, Variant> all = new LinkedHashMap<>();
        all.put("plain", new Variant("plain", work.resolve("plain"), List.of("-jar", "agentry.jar")));
        all.put("extracted", new Variant("extracted", work.resolve("app"), List.of("-jar", "agentry.jar")));
        all.put("aot", new Variant("aot", work.resolve("app"), List.of("-XX:AOTCache=app.aot", "-jar", "agentry.jar")));
        List<Variant> variants = new ArrayList<>();
        for (String name : options.getOrDefault("variants", "plain,extracted,aot").split(",")) {
            Variant v = all.get(name.trim());
            if (v == null) {
                throw new IllegalArgumentException("unknown variant " + name + "; known: " + all.keySet());
            }
            variants.add(v);
        }

        String database = null;
        List<String> settings = new ArrayList<>();
        if (embedded) {
            Path h2 = work.resolve("h2").resolve("agentry");
            settings.add("--spring.datasource.url=jdbc:h2:file:" + h2
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
        } else {
            database = "agentry_cold_start_" + UUID.randomUUID().toString().substring(0, 8);
            psql("create database " + database);
            settings.add("--agentry.role=api");
            settings.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + database);
            settings.add("--spring.datasource.username=postgres");
            settings.add("--agentry.redis.url=" + options.getOrDefault("redis", "redis://127.0.0.1:6379"));
            settings.add("--agentry.redis.key-prefix=cold-start-" + UUID.randomUUID() + ":");
        }
        settings.add("--agentry.limits.enabled=false");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            // an uncounted start migrates the schema; replicas that follow find it up to date
            measure(java, variants.getFirst(), settings, http, work);
            List<Sample> samples = new ArrayList<>();
            for (int round = 1; round <= runs; round++) {
                for (Variant variant : variants) {
                    Sample sample = measure(java, variant, settings, http, work);
                    samples.add(sample);
                    System.out.printf(Locale.ROOT, "round %d %-10s wall %7.0f ms  cpu %7.0f ms  (load %s)%n", round,
                            variant.name(), sample.wallMs(), sample.cpuMs(), loadAverage());
                }
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "%-10s %6s %8s %8s %8s %10s%n", "variant", "runs", "median", "min", "max", "cpu median");
            for (Variant variant : variants) {
                List<Double> wall = samples.stream().filter(s -> s.variant().equals(variant.name())).map(Sample::wallMs).sorted().toList();
                List<Double> cpu = samples.stream().filter(s -> s.variant().equals(variant.name())).map(Sample::cpuMs).sorted().toList();
                System.out.printf(Locale.ROOT, "%-10s %6d %8.0f %8.0f %8.0f %10.0f%n", variant.name(), wall.size(),
                        median(wall), wall.getFirst(), wall.getLast(), median(cpu));
            }
            System.out.println("(milliseconds from launching the JVM to the first successful POST /run; "
                    + (embedded ? "embedded H2" : "role api, PostgreSQL + Redis") + ")");
        } finally {
            if (database != null) {
                psql("drop database if exists " + database + " with (force)");
            }
        }
    }

    /** The plain jar as built, and the extracted application with its AOT cache, made by deploy/app-image.sh. */
    private static void prepare(Path root, Path jar, Path work) throws Exception {
        Path plain = work.resolve("plain");
        Files.createDirectories(plain);
        Files.copy(jar, plain.resolve("agentry.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        run(List.of(root.resolve("deploy/app-image.sh").toString(), "assemble", jar.toString(), work.resolve("app").toString()),
                work.resolve("app-image.log"));
    }

    private static Sample measure(String java, Variant variant, List<String> settings, HttpClient http, Path work)
            throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.addAll(variant.javaArgs());
        command.add("--server.port=" + port);
        command.addAll(settings);
        Path log = work.resolve(variant.name() + ".log");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/run"))
                .header("X-Api-Key", KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(variant.dir().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(variant.name() + " exited with " + process.exitValue() + "; see " + log);
                }
                if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(120)) {
                    throw new IllegalStateException(variant.name() + " gave no answer within 120 s; see " + log);
                }
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("\"success\":true")) {
                        double wall = (System.nanoTime() - start) / 1e6;
                        double cpu = process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e6;
                        return new Sample(variant.name(), wall, cpu);
                    }
                } catch (IOException notListeningYet) {
                    // connection refused until Tomcat listens
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

    private static void psql(String sql) throws Exception {
        run(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql), null);
    }

    private static void run(List<String> command, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (log != null) {
            builder.redirectOutput(log.toFile());
        } else {
            builder.inheritIO();
        }
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + (log == null ? "" : "; see " + log));
        }
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(name, args[++i]);
            } else {
                options.put(name, "true");
            }
        }
        return options;
    }
}
