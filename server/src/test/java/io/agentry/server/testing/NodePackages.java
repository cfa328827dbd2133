package io.agentry.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The npm packages of a test directory (one with a committed package.json and package-lock.json), installed with
 * {@code npm ci} the first time a test needs them. Node.js and npm must be on the PATH.
 */
public final class NodePackages {

    private NodePackages() {
    }

    /**
     * Runs {@code npm ci} in {@code dir} unless its packages are installed: npm writes
     * {@code node_modules/.package-lock.json} last, and each of {@code expected} (paths relative to {@code dir})
     * must exist too. A failed install fails the test with npm's output.
     */
    public static synchronized void install(Path dir, String... expected) {
        if (installed(dir, expected)) {
            return;
        }
        run(dir, Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund");
        if (!installed(dir, expected)) {
            throw new IllegalStateException("npm ci in " + dir + " did not install " + List.of(expected));
        }
    }

    /**
     * Runs {@code command} in {@code dir} (an npm script, a build) and fails with its output when it does not end
     * with status 0 within {@code timeout}.
     */
    public static void run(Path dir, Duration timeout, String... command) {
        try {
            Path log = Files.createTempFile("node-", ".log");
            try {
                Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(log.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException(String.join(" ", command) + " in " + dir + " did not end within "
                            + timeout + ":\n" + Files.readString(log));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " in " + dir + " failed:\n"
                            + Files.readString(log));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + " in " + dir + " (is Node.js installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean installed(Path dir, String... expected) {
        if (!Files.exists(dir.resolve("node_modules/.package-lock.json"))) {
            return false;
        }
        for (String path : expected) {
            if (!Files.exists(dir.resolve(path))) {
                return false;
            }
        }
        return true;
    }
}
