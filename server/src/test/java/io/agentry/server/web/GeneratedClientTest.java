package io.agentry.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.AgentryServerTest;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.FileSystemUtils;

/**
 * A client generated from {@code /openapi.json} by a real generator works against the server: openapi-generator's
 * command-line jar (copied into target/ by the build, run in a process of its own so its libraries stay off this
 * class path) makes a Java client (library {@code native}: java.net.http and Jackson, both on the test class path),
 * which is compiled here with the JDK's compiler and called through {@link ClientScenario}. The generated code is
 * kept in {@code target/generated-client} for a look when this fails. The event streams are left to SSE clients:
 * this library parses every answer but text/plain as JSON.
 */
@AgentryServerTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedClientTest {

    private static final Path OUT = Path.of("target", "generated-client");
    private static final String SCENARIO = "io.agentry.client.scenario.GeneratedClientScenario";
    private static final Logger log = LoggerFactory.getLogger(GeneratedClientTest.class);

    @LocalServerPort
    int port;

    private URLClassLoader generated;

    @BeforeAll
    void generateAndCompileTheClient() throws Exception {
        FileSystemUtils.deleteRecursively(OUT);
        Files.createDirectories(OUT);
        long start = System.nanoTime();
        generate("http://127.0.0.1:" + port + "/openapi.json", OUT.resolve("client"));
        long generatedAt = System.nanoTime();
        Path classes = compile(OUT.resolve("client"), OUT.resolve("classes"));
        log.info("client generated in {} ms, compiled in {} ms", (generatedAt - start) / 1_000_000,
                (System.nanoTime() - generatedAt) / 1_000_000);
        generated = new URLClassLoader(new URL[]{classes.toUri().toURL()}, getClass().getClassLoader());
    }

    private ClientScenario client(String key, String userId) throws Exception {
        return (ClientScenario) generated.loadClass(SCENARIO).getConstructor(String.class, String.class, String.class)
                .newInstance("http://127.0.0.1:" + port, key, userId);
    }

    @Test
    void runsTheAgentWithTheOfflineModel() throws Exception {
        ClientScenario.Run run = client("alice-key", null).runAgent("What is 17 * 23?");
        assertThat(run.success()).isTrue();
        assertThat(run.status()).isEqualTo("completed");
        assertThat(run.content()).contains("391");
        assertThat(run.toolCalls()).containsExactly("calculator");
        assertThat(run.totalTokens()).isPositive();
        assertThat(run.costUsd()).isPositive();
        assertThat(client("service-key", "bob").estimateRun("What is 17 * 23?")).isPositive();
    }

    @Test
    void createsATaskAndReadsItsResultAndEvents() throws Exception {
        ClientScenario alice = client("alice-key", null);
        ClientScenario.Task queued = alice.createTask("What is 6 * 7?", "generated-client-1");
        assertThat(queued.status()).isIn("queued", "running", "completed");
        assertThat(queued.taskId()).isNotBlank();
        assertThat(queued.createdAt()).as("the 202 carries the whole task").isNotEqualTo("null");
        ClientScenario.Task done = await().atMost(Duration.ofMinutes(2))
                .until(() -> alice.getTask(queued.taskId()), t -> t.status().equals("completed"));
        assertThat(done.resultStatus()).isEqualTo("completed");
        assertThat(done.resultContent()).contains("42");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(alice.listTaskIds()).contains(queued.taskId());
        // a retry with the same Idempotency-Key is the same task (200, the same schema as the 202)
        assertThat(alice.createTask("What is 6 * 7?", "generated-client-1").taskId()).isEqualTo(queued.taskId());
        assertThat(alice.usageRuns()).isPositive();
    }

    @Test
    void createsReadsAndDeletesMemoryAndSchedules() throws Exception {
        ClientScenario service = client("service-key", "carol");
        assertThat(service.putMemory("preferences", "colour", Map.of("colour", "green"))).isEqualTo(Map.of("colour", "green"));
        assertThat(service.getMemory("preferences", "colour")).isEqualTo(Map.of("colour", "green"));
        service.deleteMemory("preferences", "colour");
        assertThat(service.problemOf(() -> service.getMemory("preferences", "colour")).httpStatus()).isEqualTo(404);

        String schedule = service.createSchedule("0 0 9 * * MON-FRI", "Summarise yesterday's tickets");
        service.deleteSchedule(schedule);
        assertThat(service.problemOf(() -> service.deleteSchedule(schedule)).httpStatus()).isEqualTo(404);
        assertThat(service.health()).isEqualTo("healthy");
    }

    @Test
    void readsProblemsWithTheGeneratedProblemModel() throws Exception {
        ClientScenario alice = client("alice-key", null);
        ClientScenario.Problem missing = alice.problemOf(() -> alice.getTask("01a2423b-4bba-79a8-a3c6-22048f182da3"));
        assertThat(missing.httpStatus()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.type()).isEqualTo(ApiException.TYPE_BASE + "not-found");
        assertThat(missing.title()).isEqualTo("Not Found");
        assertThat(missing.detail()).isEqualTo("No task 01a2423b-4bba-79a8-a3c6-22048f182da3");
        assertThat(missing.instance()).isEqualTo("/tasks/01a2423b-4bba-79a8-a3c6-22048f182da3");

        ClientScenario.Problem invalid = alice.problemOf(() -> alice.runAgent(""));
        assertThat(invalid.httpStatus()).isEqualTo(422);
        assertThat(invalid.type()).isEqualTo(ApiException.TYPE_BASE + "validation");
        assertThat(invalid.fields()).containsExactly("message");

        ClientScenario anonymous = client(null, null);
        ClientScenario.Problem unauthorized = anonymous.problemOf(() -> anonymous.runAgent("hi"));
        assertThat(unauthorized.httpStatus()).isEqualTo(401);
        assertThat(unauthorized.detail()).startsWith("Missing API key");

        ClientScenario bob = client("alice-key", "bob");
        assertThat(bob.problemOf(() -> bob.runAgent("hi")).httpStatus()).isEqualTo(403);
    }

    /** openapi-generator's CLI, as a user runs it, from the jar the build copied (maven-dependency-plugin). */
    private static void generate(String spec, Path into) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("openapi.generator.jar", "target/openapi-generator/openapi-generator-cli.jar"));
        assertThat(jar).as("openapi-generator-cli.jar, which the Maven build copies to target/openapi-generator "
                + "(run this test through ./mvnw)").isRegularFile();
        Path log = OUT.resolve("generator.log");
        Process generator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // a short-lived JVM: the quick compiler and a small collector start it faster
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(), "generate", "-i", spec, "-g", "java", "--library", "native", "-o", into.toString(),
                "--invoker-package", "io.agentry.client", "--api-package", "io.agentry.client.api",
                "--model-package", "io.agentry.client.model",
                "--additional-properties=openApiNullable=false,useJakartaEe=true,annotationLibrary=none,"
                        + "hideGenerationTimestamp=true",
                "--global-property", "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!generator.waitFor(5, TimeUnit.MINUTES)) {
            generator.destroyForcibly();
            throw new AssertionError("openapi-generator did not finish; its output: " + log.toAbsolutePath());
        }
        assertThat(generator.exitValue()).as("openapi-generator exit status; its output:%n%s", Files.readString(log))
                .isZero();
    }

    /** The generated sources and the scenario, compiled against this test's class path (Jackson, jakarta.annotation). */
    private Path compile(Path sources, Path classes) throws IOException {
        Path scenario = sources.resolve("src/main/java/io/agentry/client/scenario/GeneratedClientScenario.java");
        Files.createDirectories(scenario.getParent());
        try (InputStream in = getClass().getResourceAsStream("/generated-client/GeneratedClientScenario.java")) {
            assertThat(in).as("the scenario's source in test resources").isNotNull();
            Files.write(scenario, in.readAllBytes());
        }
        List<File> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(sources.resolve("src/main/java"))) {
            walk.filter(p -> p.toString().endsWith(".java")).forEach(p -> files.add(p.toFile()));
        }
        Files.createDirectories(classes);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager manager = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = manager.getJavaFileObjectsFromFiles(files);
            boolean compiled = compiler.getTask(diagnostics, manager, null, List.of("-d", classes.toString(),
                    "-classpath", System.getProperty("java.class.path"), "-proc:none", "-nowarn", "-encoding", "UTF-8"),
                    null, units).call();
            assertThat(compiled).as("the generated client compiles:%n%s", diagnostics).isTrue();
        }
        return classes;
    }
}
