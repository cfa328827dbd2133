package io.agentry.server.startup;

import static io.agentry.server.startup.FakeJdks.jdk;
import static io.agentry.server.startup.FakeJdks.real;
import static io.agentry.server.startup.FakeJdks.script;
import static io.agentry.server.startup.FakeJdks.write;
import static io.agentry.server.startup.JdkFinderTest.NEEDED;
import static io.agentry.server.startup.JdkFinderTest.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, ./agentry, in a copy of the repository whose Maven wrapper is a script that records
 * how it was called and leaves what a build leaves, and whose JDKs are {@link FakeJdks} that print how they were
 * started: when it builds, what it starts, on which JDK, and that it stops before both without a JDK.
 */
class RunScriptTest {

    @TempDir
    Path dir;
    Path clone;
    Path jdk;
    Path oldJdk;

    @BeforeEach
    void aCloneWithAWrapperThatRecordsItsCalls() throws IOException {
        clone = dir.resolve("clone");
        Files.createDirectories(clone.resolve(".mvn"));
        Files.copy(REPO.resolve("agentry"), clone.resolve("agentry"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(REPO.resolve(".mvn/find-jdk.sh"), clone.resolve(".mvn/find-jdk.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(REPO.resolve("pom.xml"), clone.resolve("pom.xml"));
        write(clone.resolve("tool-api/pom.xml"), "<project/>");
        write(clone.resolve("tool-api/src/main/java/Api.java"), "class Api {}");
        write(clone.resolve("core/pom.xml"), "<project/>");
        write(clone.resolve("server/pom.xml"), "<project/>");
        write(clone.resolve("core/src/main/java/Core.java"), "class Core {}");
        write(clone.resolve("server/src/main/java/Server.java"), "class Server {}");
        script(clone.resolve("mvnw"), """
                echo "$JAVA_HOME|$MAVEN_OPTS|$*" >> "$(dirname "$0")/maven-calls.txt"
                [ -z "${FAIL_BUILD-}" ] || exit 3
                mkdir -p "$(dirname "$0")/tool-api/target/classes" "$(dirname "$0")/core/target/classes" "$(dirname "$0")/server/target/classes"
                printf '%s' "/m2/a.jar:/m2/b.jar" > "$(dirname "$0")/server/target/runtime-classpath.txt"
                """);
        jdk = jdk(dir.resolve("jvm/jdk-" + NEEDED), NEEDED + ".0.3");
        oldJdk = jdk(dir.resolve("path/jdk-17"), "17.0.15");
    }

    @Test
    void theFirstRunBuildsTheMainCodeOnTheJdkFoundThenStartsTheServerFromItsClasses() throws IOException {
        ChildProcess.Result result = run(env(), "--server.port=9090", "--agentry.default-agent=support");

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(mavenCalls()).containsExactly(real(jdk) + "|-XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
                + "--sun-misc-unsafe-memory-access=allow |-q -pl server -am -Dmaven.test.skip=true compile");
        assertThat(result.stdout()).isEqualTo("java -XX:TieredStopAtLevel=1 -cp " + real(clone) + "/server/target/classes:"
                + "/m2/a.jar:/m2/b.jar io.agentry.server.AgentryApplication --server.port=9090 --agentry.default-agent=support\n");
        assertThat(result.stderrLines()).hasSize(2);
        assertThat(result.stderrLines().getFirst()).startsWith("Using JDK " + NEEDED + ".0.3 (" + real(jdk) + ")");
        assertThat(result.stderrLines().get(1)).isEqualTo("Building the server: ./mvnw -q -pl server -am -Dmaven.test.skip=true compile");
    }

    @Test
    void aRunAfterItStartsAtOnceUntilAPomOrAMainSourceChanges() throws IOException {
        run(env());

        ChildProcess.Result again = run(env());
        assertThat(again.exit()).isZero();
        assertThat(again.stdout()).contains("io.agentry.server.AgentryApplication");
        assertThat(again.stderr()).doesNotContain("Building");
        assertThat(mavenCalls()).hasSize(1);

        for (String changed : List.of("tool-api/src/main/java/Api.java", "tool-api/pom.xml",
                "core/src/main/java/Core.java", "server/pom.xml", "server/src/main/java/New.java")) {
            Path file = clone.resolve(changed);
            write(file, "changed");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
            int before = mavenCalls().size();
            assertThat(run(env()).stderr()).as(changed).contains("Building the server");
            assertThat(mavenCalls()).as(changed).hasSize(before + 1);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        }
        // a test source is not what the server runs
        Path test = clone.resolve("server/src/test/java/SomeTest.java");
        write(test, "class SomeTest {}");
        Files.setLastModifiedTime(test, FileTime.from(Instant.now().plusSeconds(5)));
        int before = mavenCalls().size();
        run(env());
        assertThat(mavenCalls()).hasSize(before);
    }

    @Test
    void aFailedBuildStartsNothingAndIsTriedAgainNextTime() throws IOException {
        Map<String, String> env = env();
        env.put("FAIL_BUILD", "yes");

        ChildProcess.Result failed = run(env);
        assertThat(failed.exit()).isEqualTo(3);
        assertThat(failed.stdout()).isEmpty();

        ChildProcess.Result next = run(env());
        assertThat(next.stderr()).contains("Building the server");
        assertThat(next.stdout()).contains("io.agentry.server.AgentryApplication");
        assertThat(mavenCalls()).hasSize(2);
    }

    @Test
    void javaOptsReplaceTheDefaultJvmOptions() {
        Map<String, String> env = env();
        env.put("JAVA_OPTS", "-Xmx1g -XX:+UseSerialGC");
        assertThat(run(env).stdout()).startsWith("java -Xmx1g -XX:+UseSerialGC -cp ");

        env.put("JAVA_OPTS", "");
        assertThat(run(env).stdout()).startsWith("java -cp ");
    }

    @Test
    void withoutAJdkOfTheReleaseItStopsBeforeBuildingWithTheFirstLineNamingTheJdkNeededAndTheOneFound() throws IOException {
        Map<String, String> env = env();
        env.put("AGENTRY_JDK_DIRS", dir.resolve("nothing-here").toString());

        ChildProcess.Result result = run(env);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines().getFirst())
                .isEqualTo("Agentry needs JDK " + NEEDED + " or newer; found JDK 17.0.15 (" + real(oldJdk) + ") on PATH");
        assertThat(mavenCalls()).isEmpty();
    }

    private ChildProcess.Result run(Map<String, String> env, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(clone.resolve("agentry").toString()));
        command.addAll(List.of(args));
        return ChildProcess.run(command, env, dir, Duration.ofSeconds(20));
    }

    /** The default java is 17, no JAVA_HOME, the JDK of the release installed where the finder looks. */
    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", oldJdk.resolve("bin") + ":/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("AGENTRY_JDK_DIRS", jdk.getParent().toString());
        return env;
    }

    private List<String> mavenCalls() throws IOException {
        Path calls = clone.resolve("maven-calls.txt");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }
}
