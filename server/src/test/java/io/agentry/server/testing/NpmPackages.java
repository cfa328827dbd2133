package io.agentry.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The npm packages of a test directory (its committed package.json and package-lock.json), installed with
 * {@code npm ci} the first time a test needs them. Node.js and npm must be on the PATH.
 */
public final class NpmPackages {

    private NpmPackages() {
    }

    /**
     * Runs {@code npm ci} in {@code dir} unless its packages are installed: npm writes
     * {@code node_modules/.package-lock.json} last, and {@code required} (a file of the packages, relative to
     * {@code dir}) must be there too.
     */
    public static synchronized void install(Path dir, String required) {
        if (Files.exists(dir.resolve("node_modules/.package-lock.json")) && Files.exists(dir.resolve(required))) {
            return;
        }
        try {
            Path log = Files.createTempFile("npm-ci", ".log");
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + dir + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run npm ci in " + dir + " (are Node.js and npm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
