package io.agentry.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.FreePorts;
import io.agentry.server.testing.MetricsScrape;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * MCP servers as tool sources, end to end: real MCP servers (the reference server-everything from npm over stdio
 * and over streamable HTTP, and our misbehaving servers/faulty.mjs), driven through {@code POST /run} by the
 * offline model's {@code /tool <name> <json>} rule, so every call goes through a real run of the agent loop.
 *
 * <p>Servers: {@code everything} (stdio, with an {@code env}), {@code everything-http} (streamable HTTP, started
 * here), {@code faulty} (stdio; 2 s call timeout, 1,000-character results, no interval refresh to speak of),
 * {@code patient} (stdio; long timeout, 1 s refresh interval) and {@code late} (streamable HTTP on a port where
 * nothing listens until a test starts it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:mcp-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "agentry.security.keys[0].name=service",
        "agentry.security.keys[0].key=service-key",
        "agentry.limits.enabled=false",
        "agentry.default-agent=mcp",
        "agentry.agents.mcp.tools[0]=everything/*",
        "agentry.agents.mcp.tools[1]=everything-http/echo",
        "agentry.agents.mcp.tools[2]=faulty/*",
        "agentry.agents.mcp.tools[3]=patient/*",
        "agentry.agents.mcp.tools[4]=late/*",
        "agentry.agents.picky.tools[0]=everything/get-*",
        "agentry.agents.picky.tools[1]=calculator",
        "agentry.agents.picky.exclude-tools[0]=everything/get-env",
        "agentry.mcp.reconnect-initial-delay=100ms",
        "agentry.mcp.reconnect-max-delay=500ms",
        "agentry.mcp.servers.everything.env.GREETING_FOR_TEST=hello from the configuration",
        "agentry.mcp.servers.faulty.call-timeout=2s",
        "agentry.mcp.servers.faulty.max-result-chars=1000",
        "agentry.mcp.servers.faulty.refresh-interval=1h",
        "agentry.mcp.servers.patient.call-timeout=2m",
        "agentry.mcp.servers.patient.refresh-interval=1s",
        "agentry.mcp.servers.late.headers.X-Token=${mcp-test.token}",
        "mcp-test.token=s3cr3t-token-value",
})
@ExtendWith(OutputCaptureExtension.class)
class McpToolsApiTest {

    private static final int EVERYTHING_PORT = FreePorts.freePort();
    private static final int LATE_PORT = FreePorts.freePort();
    private static Process everythingHttp;
    private static Process late;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        McpTestServers.install();
        everythingHttp = McpTestServers.everythingOverHttp(EVERYTHING_PORT);
        awaitListening(EVERYTHING_PORT);
        add(registry, McpTestServers.stdio("everything", McpTestServers.EVERYTHING, "stdio"));
        add(registry, McpTestServers.stdio("faulty", McpTestServers.FAULTY));
        add(registry, McpTestServers.stdio("patient", McpTestServers.FAULTY));
        registry.add("agentry.mcp.servers.everything-http.url", () -> "http://127.0.0.1:" + EVERYTHING_PORT + "/mcp");
        registry.add("agentry.mcp.servers.late.url", () -> "http://127.0.0.1:" + LATE_PORT + "/mcp");
    }

    private static void add(DynamicPropertyRegistry registry, List<String> properties) {
        for (String property : properties) {
            int equals = property.indexOf('=');
            registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
        }
    }

    @AfterAll
    static void stopServers() {
        for (Process process : new Process[] {everythingHttp, late}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private JsonNode run(String agent, String message) {
        ApiClient.Response response = api.postJson("/run", "service-key",
                Map.of("message", message, "user_id", "mcp-user", "agent", agent));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    /** A run of agent {@code mcp} whose model calls {@code tool} with {@code arguments}; it must succeed. */
    private String call(String tool, String arguments) {
        JsonNode body = run("mcp", "/tool " + tool + " " + arguments);
        assertThat(body.get("success").asBoolean()).as(body.toString()).isTrue();
        return body.get("content").asString();
    }

    @Test
    void theReferenceServerOverStdioAnswersARealRun() {
        JsonNode body = run("mcp", "/tool everything__echo {\"message\":\"hi\"}");

        assertThat(body.get("success").asBoolean()).as(body.toString()).isTrue();
        assertThat(body.get("content").asString()).isEqualTo("everything__echo returned: Echo: hi");
        assertThat(body.get("tool_calls_made").get(0).asString()).isEqualTo("everything__echo");
        assertThat(call("everything__get-sum", "{\"a\":2,\"b\":3}")).contains("5");
    }

    @Test
    void aStdioServerGetsItsEnvironmentAndNotAgentrys() {
        String content = call("everything__get-env", "{}");
        JsonNode environment = ApiClient.JSON.readTree(content.substring(content.indexOf('{')));

        assertThat(environment.get("GREETING_FOR_TEST").asString()).isEqualTo("hello from the configuration");
        Map<?, ?> variables = ApiClient.JSON.convertValue(environment, Map.class);
        assertThat(variables.keySet()).allMatch(v -> v.equals("GREETING_FOR_TEST") || StdioTransport.INHERITED.contains(v));
        // which means something only because this process has variables the server must not see
        assertThat(System.getenv().keySet()).anyMatch(v -> !StdioTransport.INHERITED.contains(v));
    }

    @Test
    void theReferenceServerOverStreamableHttpAnswersARealRun() {
        assertThat(call("everything-http__echo", "{\"message\":\"over http\"}"))
                .isEqualTo("everything-http__echo returned: Echo: over http");
    }

    @Test
    void agentsSelectToolsByPatternMinusExclusions() {
        String content = run("picky", "/tool everything__get-env {}").get("content").asString();

        assertThat(content).startsWith("I have no tool named everything__get-env.")
                .contains("everything__get-sum", "calculator").doesNotContain("everything__echo");
        assertThat(run("mcp", "/tool everything-http__get-sum {\"a\":1,\"b\":1}").get("content").asString())
                .startsWith("I have no tool named everything-http__get-sum.");
    }

    @Test
    void aSlowCallTimesOutAsAToolErrorAndIsCancelledAtTheServer() {
        MetricsScrape before = MetricsScrape.of(api, "service-key");

        assertThat(call("faulty__slow", "{\"seconds\":60}"))
                .isEqualTo("I could not use faulty__slow: MCP server 'faulty' did not answer within 2s");

        assertThat(call("faulty__cancellations", "{}")).isEqualTo("faulty__cancellations returned: 1");
        MetricsScrape after = MetricsScrape.of(api, "service-key");
        assertThat(after.increaseSince(before, "agent_tool_errors_total", "tool", "faulty__slow",
                "error", "TimeoutException")).isEqualTo(1.0);
    }

    @Test
    void anErrorResultIsAToolErrorTheModelSees() {
        MetricsScrape before = MetricsScrape.of(api, "service-key");

        assertThat(call("faulty__fail", "{}")).isEqualTo("I could not use faulty__fail: the tool failed as asked");

        assertThat(MetricsScrape.of(api, "service-key").increaseSince(before, "agent_tool_errors_total",
                "tool", "faulty__fail", "error", "tool_error")).isEqualTo(1.0);
    }

    @Test
    void aStdioServerThatExitsMidCallIsAToolErrorAndIsRestarted(CapturedOutput output) {
        String firstPid = call("faulty__pid", "{}");

        assertThat(call("faulty__exit", "{}")).isEqualTo(
                "I could not use faulty__exit: MCP server 'faulty' is unavailable: its process exited with code 3");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call("faulty__pid", "{}")).startsWith("faulty__pid returned: ").isNotEqualTo(firstPid));
        // its stderr went to the log, under the logger named for the server (read and logged by a thread of its own)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output.getAll())
                .contains("\"logger_name\":\"io.agentry.mcp.faulty\"").contains("faulty: exiting mid-call as asked"));
    }

    @Test
    void aToolTheServerAnnouncesIsOffered() {
        assertThat(call("faulty__add-tool", "{\"name\":\"fresh\"}")).isEqualTo("faulty__add-tool returned: added fresh");

        // faulty's tool list is read again only on notifications/tools/list_changed (its interval is an hour)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call("faulty__fresh", "{}")).isEqualTo("faulty__fresh returned: I am fresh"));
    }

    @Test
    void aToolTheServerDoesNotAnnounceIsOfferedAfterTheRefreshInterval() {
        assertThat(call("patient__add-tool", "{\"name\":\"quiet\",\"notify\":false}"))
                .isEqualTo("patient__add-tool returned: added quiet");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call("patient__quiet", "{}")).isEqualTo("patient__quiet returned: I am quiet"));
    }

    @Test
    void anOversizedResultIsCut() {
        String content = call("faulty__big", "{\"chars\":5000}");

        assertThat(content).isEqualTo("faulty__big returned: " + "x".repeat(1000)
                + "\n[result truncated: 5000 characters, the first 1000 shown]");
    }

    @Test
    void cancellingARunCancelsItsMcpCall() {
        String task = api.postJson("/tasks", "service-key", Map.of("message", "/tool patient__slow {\"seconds\":120}",
                "user_id", "mcp-user", "agent", "mcp")).json().get("task_id").asString();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call("patient__in-flight", "{}")).isEqualTo("patient__in-flight returned: 1"));

        api.postJson("/tasks/" + task + "/cancel", "service-key", Map.of());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/tasks/" + task, "service-key").json().get("status").asString()).isEqualTo("cancelled"));
        // the server was told (notifications/cancelled) and stopped waiting
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call("patient__cancellations", "{}")).isEqualTo("patient__cancellations returned: 1"));
        assertThat(call("patient__in-flight", "{}")).isEqualTo("patient__in-flight returned: 0");
    }

    @Test
    void aServerDownAtStartDegradesReadinessAndItsToolsAppearWhenItComesUp(CapturedOutput output) throws Exception {
        ApiClient.Response ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("status").asString()).isEqualTo("DEGRADED");
        assertThat(ready.json().get("checks").get("mcp:late").asString()).startsWith("DEGRADED: ").contains("connection refused");
        assertThat(ready.json().get("checks").get("mcp:everything").asString()).isEqualTo("UP");
        assertThat(run("mcp", "/tool late__echo {\"text\":\"x\"}").get("content").asString())
                .startsWith("I have no tool named late__echo.");

        late = McpTestServers.faultyOverHttp(LATE_PORT);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/health/ready", null).json().get("checks").get("mcp:late").asString()).isEqualTo("UP"));
        assertThat(call("late__echo", "{\"text\":\"over http\"}")).isEqualTo("late__echo returned: over http");
        // the configured header reached the server, and no log line shows its value
        assertThat(call("late__header", "{\"name\":\"x-token\"}")).isEqualTo("late__header returned: s3cr3t-token-value");
        assertThat(output.getAll()).doesNotContain("s3cr3t-token-value");
        // over HTTP, list_changed comes on the server's stream (late's refresh interval is the default 5 minutes)
        assertThat(call("late__add-tool", "{\"name\":\"web\"}")).isEqualTo("late__add-tool returned: added web");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(call("late__web", "{}")).isEqualTo("late__web returned: I am web"));

        late.destroyForcibly().waitFor();
        assertThat(call("late__echo", "{\"text\":\"gone\"}")).startsWith("I could not use late__echo: MCP server 'late'");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/health/ready", null).json().get("checks").get("mcp:late").asString())
                        .startsWith("DEGRADED: "));
    }

    @Test
    void mcpToolsAreCountedUnderTheirNames() {
        call("everything__echo", "{\"message\":\"count me\"}");

        assertThat(MetricsScrape.of(api, "service-key").value("agent_tool_calls_total", "tool", "everything__echo"))
                .isPositive();
        assertThat(MetricsScrape.of(api, "service-key").value("agent_mcp_server_up", "server", "everything")).isEqualTo(1.0);
    }

    private static void awaitListening(int port) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }
}
