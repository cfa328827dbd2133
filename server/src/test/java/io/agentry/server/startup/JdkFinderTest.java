package io.agentry.server.startup;

import static io.agentry.server.startup.FakeJdks.jdk;
import static io.agentry.server.startup.FakeJdks.jdkWithoutReleaseFile;
import static io.agentry.server.startup.FakeJdks.jre;
import static io.agentry.server.startup.FakeJdks.real;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agentry.server.testing.ChildProcess;
import io.agentry.server.testing.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * .mvn/find-jdk.sh, and ./mvnw through it, run as a person's shell runs them: which JDK they pick when JAVA_HOME or
 * the default {@code java} is older than the project's release, and what they say when there is none.
 */
class JdkFinderTest {

    static final Path REPO = LocalCluster.repository();
    static final String NEEDED = neededRelease();

    @TempDir
    Path dir;

    @Test
    void aJavaHomeOfTheReleaseIsUsedAsItIsAndSilently() {
        Path old = jdk(dir.resolve("path/jdk-17"), "17.0.15");
        Path home = jdk(dir.resolve("home/jdk-" + NEEDED), NEEDED + ".0.3");
        Map<String, String> env = env(old, dir.resolve("none"));
        env.put("JAVA_HOME", home.toString());

        ChildProcess.Result result = find(env);

        assertThat(result.exit()).isZero();
        assertThat(result.stdout()).isEqualTo(real(home) + "\n");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void anOlderDefaultJavaIsPassedOverForTheInstalledJdkOfTheLowestQualifyingRelease() {
        Path old = jdk(dir.resolve("path/jdk-17"), "17.0.15");
        Path installed = dir.resolve("jvm");
        jdk(installed.resolve("jdk-21"), "21.0.5");
        jre(installed.resolve("jre-" + NEEDED), NEEDED + ".0.3");
        jdk(installed.resolve("jdk-" + (Integer.parseInt(NEEDED) + 1)), (Integer.parseInt(NEEDED) + 1) + ".0.1");
        Path chosen = jdk(installed.resolve("temurin-" + NEEDED), NEEDED + ".0.3");

        ChildProcess.Result result = find(env(old, installed));

        assertThat(result.exit()).isZero();
        assertThat(result.stdout()).isEqualTo(real(chosen) + "\n");
        assertThat(result.stderrLines()).containsExactly("Using JDK " + NEEDED + ".0.3 (" + real(chosen) + "): Agentry needs JDK "
                + NEEDED + " or newer and found JDK 17.0.15 (" + real(old) + ") on PATH; set JAVA_HOME to choose another");
    }

    @Test
    void anOlderJavaHomeIsPassedOverToo() {
        Path old = jdk(dir.resolve("home/jdk-17"), "17.0.15");
        Path chosen = jdk(dir.resolve("jvm/jdk-" + NEEDED), NEEDED + ".0.1");
        Map<String, String> env = env(old, dir.resolve("jvm"));
        env.put("JAVA_HOME", old.toString());

        ChildProcess.Result result = find(env);

        assertThat(result.stdout()).isEqualTo(real(chosen) + "\n");
        assertThat(result.stderr()).contains("found JDK 17.0.15 (" + real(old) + ") from JAVA_HOME;");
    }

    @Test
    void macOsBundlesAndJdksWithoutAReleaseFileAreFoundToo() {
        Path old = jdk(dir.resolve("path/jdk-17"), "17.0.15");
        Path bundle = jdkWithoutReleaseFile(dir.resolve("JavaVirtualMachines/jdk-" + NEEDED + ".jdk/Contents/Home"), NEEDED + ".0.2");

        ChildProcess.Result result = find(env(old, dir.resolve("JavaVirtualMachines")));

        assertThat(result.exit()).isZero();
        assertThat(result.stdout()).isEqualTo(real(bundle) + "\n");
    }

    @Test
    void withoutAQualifyingJdkTheFirstLineNamesTheJdkNeededAndTheOnesFound() {
        Path old = jdk(dir.resolve("path/jdk-17"), "17.0.15");
        Path installed = dir.resolve("jvm");
        Path jdk21 = jdk(installed.resolve("jdk-21"), "21.0.5");
        Path jre = jre(installed.resolve("jre-" + NEEDED), NEEDED + ".0.3");

        ChildProcess.Result result = find(env(old, installed));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).hasSize(2);
        assertThat(result.stderrLines().getFirst()).isEqualTo("Agentry needs JDK " + NEEDED + " or newer; found JDK 17.0.15 ("
                + real(old) + ") on PATH, JDK 21.0.5 (" + real(jdk21) + "), JRE (no javac) " + NEEDED + ".0.3 (" + real(jre) + ")");
        assertThat(result.stderrLines().get(1)).startsWith("Install JDK " + NEEDED).contains("set JAVA_HOME", installed.toString());
    }

    @Test
    void withNoJavaAtAllTheFirstLineSaysSo() {
        Map<String, String> env = env(null, dir.resolve("none"));

        ChildProcess.Result result = find(env);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderrLines().getFirst()).isEqualTo("Agentry needs JDK " + NEEDED + " or newer; found none");
    }

    /** The README's test command, ./mvnw, on a machine whose default java is old: Maven runs on the JDK found. */
    @Test
    void theWrapperRunsMavenOnTheJdkFound() throws IOException {
        Path old = jdk(dir.resolve("path/jdk-17"), "17.0.15");
        Path installed = Files.createDirectories(dir.resolve("jvm"));
        Path thisJdk = Path.of(System.getProperty("java.home"));
        Files.createSymbolicLink(installed.resolve("jdk"), thisJdk);

        ChildProcess.Result result = ChildProcess.run(List.of(REPO.resolve("mvnw").toString(), "-v"), env(old, installed), REPO,
                Duration.ofSeconds(60));

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("Java version: " + System.getProperty("java.version"), "runtime: " + real(thisJdk));
        assertThat(result.stderrLines()).containsExactly("Using JDK " + System.getProperty("java.version") + " (" + real(thisJdk)
                + "): Agentry needs JDK " + NEEDED + " or newer and found JDK 17.0.15 (" + real(old) + ") on PATH; "
                + "set JAVA_HOME to choose another");
    }

    /** The same with the finder's own list of places, where this JDK is when it was installed as a package. */
    @Test
    void theWrapperFindsAJdkInstalledInAStandardPlace() {
        Path thisJdk = Path.of(real(Path.of(System.getProperty("java.home"))));
        assumeTrue(List.of("/usr/lib/jvm", "/usr/java", "/opt/java", "/opt").contains(thisJdk.getParent().toString()),
                "this JDK (" + thisJdk + ") is not in a standard place");
        Path old = jdk(dir.resolve("path/jdk-17"), "17.0.15");

        ChildProcess.Result result = ChildProcess.run(List.of(REPO.resolve("mvnw").toString(), "-v"), env(old, null), REPO,
                Duration.ofSeconds(60));

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("Java version: " + NEEDED);
    }

    @Test
    void theWrapperStopsWithTheSameFirstLineWhenThereIsNoJdk() {
        Path old = jdk(dir.resolve("path/jdk-17"), "17.0.15");

        ChildProcess.Result result = ChildProcess.run(List.of(REPO.resolve("mvnw").toString(), "-v"), env(old, dir.resolve("none")),
                REPO, Duration.ofSeconds(60));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines().getFirst())
                .isEqualTo("Agentry needs JDK " + NEEDED + " or newer; found JDK 17.0.15 (" + real(old) + ") on PATH");
    }

    private ChildProcess.Result find(Map<String, String> env) {
        return ChildProcess.run(List.of(REPO.resolve(".mvn/find-jdk.sh").toString()), env, dir, Duration.ofSeconds(20));
    }

    /**
     * A shell's environment: {@code defaultJdk}'s java first on the PATH (none: no java at all, the system's tools
     * only from /usr/bin:/bin, which may hold a java of their own, so only when {@code defaultJdk} precedes them),
     * no JAVA_HOME, and {@code installDirs} as the places to look (null: the finder's own list).
     */
    Map<String, String> env(Path defaultJdk, Path installDirs) {
        Map<String, String> env = new HashMap<>();
        String tools = defaultJdk == null ? toolsWithoutJava(dir.resolve("tools")) : "/usr/bin:/bin";
        env.put("PATH", defaultJdk == null ? tools : defaultJdk.resolve("bin") + ":" + tools);
        env.put("HOME", System.getProperty("user.home"));
        if (installDirs != null) {
            env.put("AGENTRY_JDK_DIRS", installDirs.toString());
        }
        return env;
    }

    /** A directory of links to the commands the scripts use, without java. */
    static String toolsWithoutJava(Path tools) {
        try {
            Files.createDirectories(tools);
            for (String tool : List.of("sh", "sed", "head", "dirname", "readlink", "cat", "find", "touch", "mv", "rm")) {
                for (String bin : List.of("/usr/bin/", "/bin/")) {
                    Path command = Path.of(bin + tool);
                    if (Files.isExecutable(command) && !Files.exists(tools.resolve(tool))) {
                        Files.createSymbolicLink(tools.resolve(tool), command);
                    }
                }
            }
            return tools.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String neededRelease() {
        try {
            Matcher matcher = Pattern.compile("<java.version>(\\d+)</java.version>").matcher(Files.readString(REPO.resolve("pom.xml")));
            assertThat(matcher.find()).isTrue();
            return matcher.group(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
