package io.agentry.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.LocalCluster;
import io.agentry.server.testing.ServerProcess;
import io.agentry.server.testing.ToolEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What the README's "Give your agent tools" walks a new user through, with the packaged jar as a real process and
 * the offline model: the example plugin is copied out of the repository and built on its own with Maven (against
 * the tool API jar this build made, as its pom allows, since nothing is installed in a repository), dropped in a
 * plugins directory, and an agent calls its tools; an HTTP tool whose header and signing secret come from
 * environment variables calls an endpoint of the test's own; neither secret reaches the log.
 */
class OwnToolsIT {

    private static final String TOKEN = "orders-token-" + System.nanoTime();
    private static final String SECRET = "orders-signing-secret-" + System.nanoTime();
    private static final String KEY = "agentry-dev-key";

    @TempDir
    Path work;

    @Test
    void anAgentCallsTheExamplePluginsToolsAndAnHttpToolWithSecretsFromTheEnvironment() throws Exception {
        Path pluginJar = buildExamplePlugin();
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(pluginJar, plugins.resolve("text-tools.jar"));

        try (ToolEndpoint orders = new ToolEndpoint()) {
            // the README's configuration, with this test's endpoint and directory
            Path config = work.resolve("tools.yml");
            Files.writeString(config, """
                    agentry:
                      plugins:
                        dir: %s
                      agents:
                        default:
                          tools: [word_count, reverse_text, greet_user, lookup_order]
                      tools:
                        http:
                          lookup_order:
                            description: Looks up an order by its id and tells its status
                            parameters: |
                              {"type": "object",
                               "properties": {"order_id": {"type": "string", "description": "the order id, such as A-17"}},
                               "required": ["order_id"]}
                            url: %s/orders/{order_id}
                            headers:
                              Authorization: Bearer ${ORDERS_API_TOKEN}
                            signing-secret: ${ORDERS_TOOL_SECRET}
                            allow-private: true
                    """.formatted(plugins, orders.base()));
            Map<String, String> settings = Map.of(
                    "spring.datasource.url", "jdbc:h2:mem:own-tools;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                    "spring.config.additional-location", "file:" + config);
            Path log;
            try (ServerProcess server = ServerProcess.start("own-tools", settings, work,
                    Map.of("ORDERS_API_TOKEN", TOKEN, "ORDERS_TOOL_SECRET", SECRET))) {
                ApiClient api = server.api();
                log = server.log();

                assertThat(content(api, "/tool word_count {\"text\": \"three little words\"}"))
                        .isEqualTo("word_count returned: 3 words, 18 characters");
                assertThat(content(api, "/tool reverse_text {\"text\": \"stressed\"}")).isEqualTo("reverse_text returned: desserts");
                assertThat(content(api, "/tool greet_user {\"greeting\": \"Hello\"}")).isEqualTo("greet_user returned: Hello, alice!");
                JsonNode refused = run(api, "/tool word_count {}");
                assertThat(refused.get("success").asBoolean()).isTrue();
                assertThat(refused.get("content").asString()).isEqualTo("I could not use word_count: missing required argument 'text'");

                orders.answer(ToolEndpoint.reply(200, "application/json", "{\"order\":\"A-17\",\"status\":\"shipped\"}"));
                assertThat(content(api, "/tool lookup_order {\"order_id\": \"A-17\"}"))
                        .isEqualTo("lookup_order returned: {\"order\":\"A-17\",\"status\":\"shipped\"}");
                ToolEndpoint.Received request = orders.next();
                assertThat(request.target()).isEqualTo("/orders/A-17");
                assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
                assertThat(ToolEndpoint.verifies(request, SECRET)).isTrue();

                orders.answer(ToolEndpoint.reply(500, "text/plain", "internal error"));
                JsonNode failed = run(api, "/tool lookup_order {\"order_id\": \"A-18\"}");
                assertThat(failed.get("success").asBoolean()).isTrue();
                assertThat(failed.get("content").asString()).isEqualTo("I could not use lookup_order: HTTP 500: internal error");
            }
            String output = Files.readString(log);
            assertThat(output).contains("Loaded plugin " + plugins.resolve("text-tools.jar")
                    + " with tools [word_count, reverse_text, greet_user]");
            assertThat(output).doesNotContain(TOKEN).doesNotContain(SECRET);
        }
    }

    private static JsonNode run(ApiClient api, String message) {
        ApiClient.Response response = api.postJson("/run", KEY, Map.of("message", message, "user_id", "alice"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String content(ApiClient api, String message) {
        JsonNode answer = run(api, message);
        assertThat(answer.get("success").asBoolean()).as(answer.toString()).isTrue();
        return answer.get("content").asString();
    }

    /** Copies examples/tool-plugin out of the repository and builds it there with the repository's Maven wrapper. */
    private Path buildExamplePlugin() throws IOException, InterruptedException {
        Path repository = LocalCluster.repository();
        Path toolApi = repository.resolve("tool-api/target/agentry-tool-api.jar");
        assertThat(toolApi).as("the tool API jar of this build").exists();
        Path example = work.resolve("tool-plugin");
        copy(repository.resolve("examples/tool-plugin"), example);
        Path buildLog = work.resolve("example-build.log");
        ProcessBuilder maven = new ProcessBuilder(repository.resolve("mvnw").toString(), "-B", "-q",
                "-f", example.resolve("pom.xml").toString(), "package", "-Dagentry.tool-api.jar=" + toolApi)
                .directory(repository.toFile())
                .redirectErrorStream(true)
                .redirectOutput(buildLog.toFile());
        String javaHome = System.getProperty("java.home");
        maven.environment().put("JAVA_HOME", javaHome);
        maven.environment().put("PATH", Path.of(javaHome, "bin") + java.io.File.pathSeparator + System.getenv("PATH"));
        Process process = maven.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the example plugin's build did not end within 10 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the example plugin's build failed:\n" + Files.readString(buildLog));
        }
        Path jar = example.resolve("target/text-tools.jar");
        assertThat(jar).exists();
        return jar;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(p -> !from.relativize(p).startsWith("target")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
