package io.agentry.server.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agentry.server.testing.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar started by a real Java runtime older than the one it is built for (this machine's default java,
 * or any installed one that is older): one line that names the release needed and the one running, exit status 1.
 */
class OldJavaIT {

    @TempDir
    Path dir;

    @Test
    void anOlderJavaSaysInOneLineWhichReleaseTheJarNeedsAndWhichItIs() throws IOException {
        Path jar = Path.of(System.getProperty("agentry.jar")).toAbsolutePath();
        int needed;
        try (JarFile file = new JarFile(jar.toFile())) {
            needed = Integer.parseInt(file.getManifest().getMainAttributes().getValue("Agentry-Java-Release"));
        }
        Optional<Path> old = olderJava(needed);
        assumeTrue(old.isPresent(), "no Java runtime older than " + needed + " is installed here");
        Path home = old.get();
        String version = version(home).orElseThrow();

        ChildProcess.Result result = ChildProcess.run(List.of(home.resolve("bin/java").toString(), "-jar", jar.toString(),
                "--server.port=0"), Map.of("PATH", "/usr/bin:/bin"), dir, Duration.ofSeconds(30));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).containsExactly("Agentry needs Java " + needed + " or newer; this is Java " + version
                + " (" + home + "). Run the jar with a Java " + needed + " runtime: /path/to/jdk-" + needed + "/bin/java -jar " + jar);
    }

    /** An installed runtime of a lower release: the default java's, or one under /usr/lib/jvm. */
    private static Optional<Path> olderJava(int needed) throws IOException {
        List<Path> homes = new ArrayList<>();
        Path onPath = Path.of("/usr/bin/java");
        if (Files.isExecutable(onPath)) {
            homes.add(onPath.toRealPath().getParent().getParent());
        }
        Path jvm = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvm)) {
            try (Stream<Path> installed = Files.list(jvm)) {
                installed.filter(Files::isDirectory).sorted().forEach(homes::add);
            }
        }
        return homes.stream().map(OldJavaIT::real).filter(home -> version(home).map(v -> feature(v) < needed).orElse(false))
                .findFirst();
    }

    private static Optional<String> version(Path home) {
        try {
            if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isReadable(home.resolve("release"))) {
                return Optional.empty();
            }
            Matcher matcher = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"").matcher(Files.readString(home.resolve("release")));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int feature(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        return Integer.parseInt(v.split("[^0-9]", 2)[0]);
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
