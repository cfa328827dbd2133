package io.agentry.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end as a real child process, for tests of what a person sees: its exit status, standard
 * output and standard error kept apart (each in a file, so neither can block the child), in an environment of
 * exactly the given variables.
 */
public final class ChildProcess {

    /** What the process left. */
    public record Result(int exit, String stdout, String stderr) {

        public List<String> stderrLines() {
            return stderr.lines().toList();
        }

        public List<String> stdoutLines() {
            return stdout.lines().toList();
        }
    }

    private ChildProcess() {
    }

    /**
     * Runs {@code command} in {@code directory} with {@code environment} as its whole environment, and waits for it
     * (killed, and the test failed, after {@code timeout}).
     */
    public static Result run(List<String> command, Map<String, String> environment, Path directory, Duration timeout) {
        try {
            Path out = Files.createTempFile("child-", ".out");
            Path err = Files.createTempFile("child-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().clear();
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(command + " did not end within " + timeout + "; stderr:\n" + Files.readString(err));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
