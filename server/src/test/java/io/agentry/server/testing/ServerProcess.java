package io.agentry.server.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code server/target/agentry.jar}) as a real child JVM, for multi-process tests
 * (run by failsafe after {@code package}; the jar's path comes in the {@code agentry.jar} system
 * property). Output goes to a log file under {@code target/processes/}.
 */
public final class ServerProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private ServerProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the jar with the given properties ({@code --key=value}) on a free port and waits until
     * {@code /health/ready} answers 200 (up to 90 s).
     */
    public static ServerProcess start(String name, Map<String, String> properties) {
        return start(name, properties, null);
    }

    /**
     * As {@link #start(String, Map)}, in the given working directory (null: this JVM's), so that the defaults
     * that name relative paths (the embedded store's {@code ./data/agentry}) land there.
     */
    public static ServerProcess start(String name, Map<String, String> properties, Path workingDirectory) {
        return start(name, properties, workingDirectory, Map.of());
    }

    /** As {@link #start(String, Map, Path)}, with these variables added to the process's environment. */
    public static ServerProcess start(String name, Map<String, String> properties, Path workingDirectory,
                                      Map<String, String> environment) {
        String jar = System.getProperty("agentry.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("agentry.jar system property must name the packaged server jar (run with ./mvnw verify)");
        }
        int port = FreePorts.freePort();
        Path dir = Path.of("target", "processes");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path log = dir.resolve(name + "-" + port + ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", Path.of(jar).toAbsolutePath().toString(), "--server.port=" + port));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory == null ? null : workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            ServerProcess server = new ServerProcess(name, port, log, process);
            try {
                server.awaitReady(Duration.ofSeconds(90));
            } catch (RuntimeException e) {
                process.destroyForcibly(); // one that is slow to start must not outlive the test
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    public void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log.toAbsolutePath());
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public ApiClient api() {
        return new ApiClient(port);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /**
     * kill -9 ({@link Process#destroyForcibly()} is SIGKILL on Linux): no shutdown hooks, no graceful anything;
     * returns once the process is gone.
     */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM: a graceful shutdown; waits for the process to exit. */
    public void stop(Duration timeout) {
        process.destroy();
        if (!waitFor(timeout)) {
            kill();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(20));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
