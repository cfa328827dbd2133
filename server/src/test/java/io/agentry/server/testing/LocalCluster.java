package io.agentry.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.springframework.util.FileSystemUtils;

/**
 * {@code deploy/local-cluster.sh} driven from a test: the compose topology as real processes (api and worker
 * JVMs of the packaged jar, nginx in front), on a PostgreSQL database and a Redis key prefix the caller owns.
 * The script's state (pid files, logs, nginx configuration) lives under {@code target/local-cluster/}.
 */
public final class LocalCluster implements AutoCloseable {

    private final Path script;
    private final Path dir;
    private final int port;
    private boolean running = true;

    private LocalCluster(Path script, Path dir, int port) {
        this.script = script;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts {@code apis} api and {@code workers} worker processes and nginx on a free port, and returns once
     * every one of them is ready. {@code options} are further script options ({@code --aot}); {@code env}
     * reaches every process (e.g. {@code JAVA_OPTS}, {@code AGENTRY_*}).
     */
    public static LocalCluster start(int apis, int workers, String database, String redisPrefix, List<String> options,
                                     Map<String, String> env) {
        String jar = System.getProperty("agentry.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("agentry.jar system property must name the packaged server jar (run with ./mvnw verify)");
        }
        Path script = repository().resolve("deploy/local-cluster.sh");
        int port = FreePorts.freePort();
        Path dir = Path.of("target", "local-cluster", "cluster-" + port).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(script.toString(), "start",
                "--api", Integer.toString(apis), "--workers", Integer.toString(workers), "--port", Integer.toString(port),
                "--dir", dir.toString(), "--jar", Path.of(jar).toAbsolutePath().toString(),
                "--database", database, "--redis-url", TestRedis.URL, "--redis-prefix", redisPrefix));
        command.addAll(options);
        LocalCluster cluster = new LocalCluster(script, dir, port);
        Path startLog = dir.resolveSibling("cluster-" + port + "-start.log");
        int exit = run(command, env, startLog, 600);
        if (exit != 0) {
            cluster.running = false;
            // the script's own account of what failed (it ends with the failing process's log), in the test
            // report itself: a CI run keeps nothing else
            throw new IllegalStateException("local-cluster.sh start exited with " + exit + "; the end of "
                    + startLog + ":\n" + lastLines(startLog, 60) + "\n(process logs in " + dir.resolve("logs") + ")");
        }
        return cluster;
    }

    /** The repository root: the first directory upwards that holds {@code deploy/}. */
    public static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** nginx's port: every request of a test goes through it. */
    public int port() {
        return port;
    }

    public ApiClient api() {
        return new ApiClient(port);
    }

    /** The HTTP port of one process ({@code api-1}, {@code worker-2}, ...). */
    public int port(String process) {
        try {
            return Integer.parseInt(Files.readString(dir.resolve("ports").resolve(process)).trim());
        } catch (IOException e) {
            throw new IllegalStateException("no port recorded for " + process, e);
        }
    }

    public Path log(String process) {
        return dir.resolve("logs").resolve(process + ".log");
    }

    public String logText(String process) {
        try {
            return Files.readString(log(process));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pid of every process the script started (from its pid files), while it runs. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new TreeMap<>();
        try (var files = Files.list(dir.resolve("pids"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                pids.put(name, Long.parseLong(Files.readString(file).trim()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return pids;
    }

    /**
     * {@code local-cluster.sh stop}: its exit status. The extracted application and its AOT cache (a hundred
     * megabytes) go too; the logs stay.
     */
    public int stop() {
        running = false;
        int exit = run(List.of(script.toString(), "stop", "--dir", dir.toString()), Map.of(),
                dir.resolveSibling("cluster-" + port + "-stop.log"), 180);
        FileSystemUtils.deleteRecursively(dir.resolve("app").toFile());
        return exit;
    }

    @Override
    public void close() {
        if (running) {
            stop();
        }
    }

    private static String lastLines(Path file, int count) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static int run(List<String> command, Map<String, String> env, Path log, long timeoutSeconds) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(1) + " took longer than " + timeoutSeconds + " s; see " + log);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
