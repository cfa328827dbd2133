package io.agentry.server.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentry.server.config.InvalidConfigurationException;
import io.agentry.server.config.PropertyDefaults;
import io.agentry.server.testing.ToolEndpoint;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolContext;
import io.agentry.tool.ToolException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP tools against a real HTTP server on loopback (so these tools are configured with allow-private). */
class HttpToolTest {

    private static final String SECRET = "tool-signing-secret";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final ToolContext CONTEXT = new ToolContext("run-1", "José Ü", "session-1", "support");
    private static final String ORDER_SCHEMA = """
            {"type": "object", "properties": {"order_id": {"type": "string"}, "expand": {"type": "string"},
             "note": {"type": "string"}, "quantity": {"type": "integer"}}, "required": ["order_id"]}""";

    private ToolEndpoint endpoint;
    private HttpTools tools;

    @BeforeEach
    void startEndpoint() throws Exception {
        endpoint = new ToolEndpoint();
    }

    @AfterEach
    void stop() {
        if (tools != null) {
            tools.close();
        }
        endpoint.close();
    }

    private Tool tool(Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(Map.of(
                "http.orders.description", "Looks up an order",
                "http.orders.parameters", ORDER_SCHEMA,
                "http.orders.signing-secret", SECRET,
                "http.orders.allow-private", "true"));
        values.putAll(settings);
        Map<String, Object> prefixed = new HashMap<>(values);
        tools = new HttpTools(PropertyDefaults.bind(HttpToolsProperties.class, "agentry.tools", prefixed), CLOCK);
        return tools.tools().getFirst().tool();
    }

    private static ToolCall call(String arguments) {
        return new ToolCall("call-1", "orders", arguments, CONTEXT);
    }

    @Test
    void aGetFillsPathAndQueryIsSignedAndAnswersTheBody() throws Exception {
        endpoint.answer(ToolEndpoint.reply(200, "application/json", "{\"status\":\"shipped\"}"));
        Tool tool = tool(Map.of("http.orders.url", endpoint.base() + "/orders/{order_id}?expand={expand}",
                "http.orders.headers[Authorization]", "Bearer token-123",
                "http.orders.headers[X-Api-Key]", "key-456"));

        String result = tool.execute(call("{\"order_id\": \"A 1/2\", \"expand\": \"lines&x=1\", \"quantity\": 3}"));

        assertThat(result).isEqualTo("{\"status\":\"shipped\"}");
        ToolEndpoint.Received request = endpoint.next();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.target()).isEqualTo("/orders/A%201%2F2?expand=lines%26x%3D1&quantity=3");
        assertThat(request.body()).isEmpty();
        assertThat(request.header("Authorization")).isEqualTo("Bearer token-123");
        assertThat(request.header("X-Api-Key")).isEqualTo("key-456");
        assertThat(request.header("X-Agentry-Timestamp")).isEqualTo("1700000000");
        assertThat(request.header("X-Agentry-Tool")).isEqualTo("orders");
        assertThat(request.header("X-Agentry-Run-Id")).isEqualTo("run-1");
        assertThat(request.header("X-Agentry-User-Id")).isEqualTo("Jos%C3%A9%20%C3%9C");
        assertThat(request.header("User-Agent")).isEqualTo("Agentry-Tools/1");
        assertThat(ToolEndpoint.verifies(request, SECRET)).isTrue();
        assertThat(ToolEndpoint.verifies(request, "another-secret")).isFalse();
        // the signature covers the target and the user: neither can be changed without breaking it
        assertThat(ToolEndpoint.verifies(new ToolEndpoint.Received(request.method(), "/orders/B?expand=lines",
                request.headers(), request.body()), SECRET)).isFalse();
        Map<String, String> otherUser = new HashMap<>(request.headers());
        otherUser.put("x-agentry-user-id", "mallory");
        assertThat(ToolEndpoint.verifies(new ToolEndpoint.Received(request.method(), request.target(), otherUser,
                request.body()), SECRET)).isFalse();
    }

    @Test
    void aPostSendsTheArgumentsTheUrlDoesNotHoldAsItsSignedJsonBody() throws Exception {
        endpoint.answer((exchange, release) -> { // the answer's charset is honoured
            byte[] latin1 = "créé".getBytes(StandardCharsets.ISO_8859_1);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=ISO-8859-1");
            exchange.sendResponseHeaders(201, latin1.length);
            exchange.getResponseBody().write(latin1);
        });
        Tool tool = tool(Map.of("http.orders.url", endpoint.base() + "/orders/{order_id}/notes",
                "http.orders.method", "post"));

        String result = tool.execute(call("{\"order_id\": \"A1\", \"note\": \"leave at the door\", \"quantity\": 2}"));

        assertThat(result).isEqualTo("créé");
        ToolEndpoint.Received request = endpoint.next();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.target()).isEqualTo("/orders/A1/notes");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(new ObjectMapper().readTree(request.body()))
                .isEqualTo(new ObjectMapper().readTree("{\"note\": \"leave at the door\", \"quantity\": 2}"));
        assertThat(ToolEndpoint.verifies(request, SECRET)).isTrue();
    }

    @Test
    void aNon2xxAnswerIsAToolErrorWithTheStatusAndTheStartOfTheBody() {
        endpoint.answer(ToolEndpoint.reply(404, "text/plain", "no order A1 here"));
        Tool tool = tool(Map.of("http.orders.url", endpoint.base() + "/orders/{order_id}"));

        assertThatThrownBy(() -> tool.execute(call("{\"order_id\": \"A1\"}")))
                .isInstanceOf(ToolException.class).hasMessage("HTTP 404: no order A1 here");
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        endpoint.answer((exchange, release) -> {
            exchange.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data/");
            exchange.sendResponseHeaders(302, -1);
        });
        Tool tool = tool(Map.of("http.orders.url", endpoint.base() + "/orders/{order_id}"));

        assertThatThrownBy(() -> tool.execute(call("{\"order_id\": \"A1\"}")))
                .isInstanceOf(ToolException.class).hasMessage("HTTP 302");
        assertThat(endpoint.next().target()).isEqualTo("/orders/A1");
        assertThat(endpoint.drain()).isEmpty();
    }

    @Test
    void noAnswerWithinTheTimeoutIsAToolError() {
        endpoint.answer((exchange, release) -> release.await());
        Tool tool = tool(Map.of("http.orders.url", endpoint.base() + "/orders/{order_id}", "http.orders.timeout", "300ms"));

        assertThatThrownBy(() -> tool.execute(call("{\"order_id\": \"A1\"}")))
                .isInstanceOf(ToolException.class).hasMessage("no complete answer within 300 ms");
    }

    /**
     * The JDK's request timeout ends when the headers arrive; a body that stalls after them must still end the call.
     * A raw socket stands for the endpoint here: the JDK's HTTP server holds back the headers of a chunked answer.
     */
    @Test
    void theTimeoutCoversTheWholeBodyNotOnlyTheHeaders() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nthe beginning...".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    done.await();
                } catch (Exception e) {
                    // the test is over
                }
            });
            Tool tool = tool(Map.of("http.orders.url", "http://127.0.0.1:" + server.getLocalPort() + "/orders/{order_id}",
                    "http.orders.timeout", "300ms"));
            try {
                assertThatThrownBy(() -> tool.execute(call("{\"order_id\": \"A1\"}")))
                        .isInstanceOf(ToolException.class).hasMessage("no complete answer within 300 ms");
            } finally {
                done.countDown();
            }
        }
    }

    @Test
    void interruptingTheCallerAsACancelledRunDoesStopsTheCallAtOnce() throws Exception {
        endpoint.answer((exchange, release) -> release.await());
        Tool tool = tool(Map.of("http.orders.url", endpoint.base() + "/orders/{order_id}", "http.orders.timeout", "10m"));
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(new AssertionError("answered " + tool.execute(call("{\"order_id\": \"A1\"}"))));
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        endpoint.next(); // the request is in flight
        caller.interrupt();
        caller.join();
        // without the interrupt being honoured, the call would still be waiting for its ten minutes
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void aHostThatDoesNotResolveAtStartIsOnlyAWarningAndEachCallChecksAgain() {
        // .invalid never resolves (RFC 6761)
        Tool tool = tool(Map.of("http.orders.url", "http://orders.invalid/orders/{order_id}", "http.orders.allow-private", "false"));
        assertThatThrownBy(() -> tool.execute(call("{\"order_id\": \"A1\"}")))
                .isInstanceOf(ToolException.class)
                .hasMessage("the request was refused by the server's address policy: the URL names a host that does not resolve");
    }

    @Test
    void anAnswerLargerThanTheLimitIsAToolErrorWhetherItsLengthIsDeclaredOrNot() throws Exception {
        String big = "x".repeat(5000);
        Tool tool = tool(Map.of("http.orders.url", endpoint.base() + "/orders/{order_id}", "http.orders.max-response-size", "1KB"));

        endpoint.answer(ToolEndpoint.reply(200, "text/plain", big));
        assertThatThrownBy(() -> tool.execute(call("{\"order_id\": \"A1\"}")))
                .isInstanceOf(ToolException.class).hasMessage("the answer is larger than the tool's limit of 1024 bytes");

        endpoint.answer((exchange, release) -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no declared length
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(big.substring(0, 500).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        assertThatThrownBy(() -> tool.execute(call("{\"order_id\": \"A1\"}")))
                .isInstanceOf(ToolException.class).hasMessage("the answer is larger than the tool's limit of 1024 bytes");

        endpoint.answer(ToolEndpoint.reply(200, "text/plain", "x".repeat(1024)));
        assertThat(tool.execute(call("{\"order_id\": \"A1\"}"))).hasSize(1024);
    }

    @Test
    void aMissingRequiredArgumentOrNonObjectArgumentsAreRefusedBeforeAnyRequest() throws Exception {
        Tool tool = tool(Map.of("http.orders.url", endpoint.base() + "/orders?id={order_id}"));

        assertThatThrownBy(() -> tool.execute(call("{\"expand\": \"x\"}")))
                .isInstanceOf(ToolException.class).hasMessage("missing required argument 'order_id'");
        assertThatThrownBy(() -> tool.execute(call("[1]")))
                .isInstanceOf(ToolException.class).hasMessage("arguments must be a JSON object");
        assertThat(endpoint.drain()).isEmpty();
    }

    @Test
    void aServerThatIsNotListeningIsAToolError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Tool tool = tool(Map.of("http.orders.url", "http://127.0.0.1:" + closedPort + "/orders/{order_id}"));

        assertThatThrownBy(() -> tool.execute(call("{\"order_id\": \"A1\"}")))
                .isInstanceOf(ToolException.class).hasMessage("could not connect to the tool's server");
    }

    @Test
    void withoutTheAllowanceALoopbackUrlStopsTheStartAndIsRefusedAtEveryCall() throws Exception {
        Map<String, Object> strict = Map.of(
                "http.orders.description", "Looks up an order",
                "http.orders.parameters", ORDER_SCHEMA,
                "http.orders.signing-secret", SECRET,
                "http.orders.url", endpoint.base() + "/orders/{order_id}");
        assertThatThrownBy(() -> new HttpTools(PropertyDefaults.bind(HttpToolsProperties.class, "agentry.tools", strict), CLOCK))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("agentry.tools.http.orders.url names a loopback, private or otherwise internal address, "
                        + "which the address policy refuses (against server-side request forgery).")
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).action())
                        .contains("agentry.tools.http.orders.allow-private=true"));

        // a tool whose address became internal after the start (DNS changed) is refused at the call, unsent
        HttpToolProperties properties = PropertyDefaults.bind(HttpToolsProperties.class, "agentry.tools", strict).http().get("orders");
        HttpTool late = new HttpTool(dev.langchain4j.agent.tool.ToolSpecification.builder().name("orders").build(), properties,
                UrlTemplate.parse(properties.url()), List.of(), java.net.http.HttpClient.newHttpClient(), CLOCK);
        assertThatThrownBy(() -> late.execute(call("{\"order_id\": \"A1\"}")))
                .isInstanceOf(ToolException.class)
                .hasMessage("the request was refused by the server's address policy: the URL names a loopback, private "
                        + "or otherwise internal address");
        assertThat(endpoint.drain()).isEmpty();
    }

    @Test
    void definitionsThatDoNotHoldTogetherStopTheStartNamingTheProperty() {
        String url = endpoint.base() + "/orders/{order_id}";
        assertThatThrownBy(() -> tool(Map.of("http.orders.url", url, "http.orders.signing-secret", "")))
                .hasMessageStartingWith("agentry.tools.http.orders.signing-secret is not set");
        assertThatThrownBy(() -> tool(Map.of("http.orders.url", url, "http.orders.description", " ")))
                .hasMessageStartingWith("agentry.tools.http.orders.description is not set");
        assertThatThrownBy(() -> tool(Map.of("http.orders.url", endpoint.base() + "/orders/{id}")))
                .hasMessage("agentry.tools.http.orders.url has the placeholder {id}, which is not a property of its parameters.");
        assertThatThrownBy(() -> tool(Map.of("http.orders.url", "https://{host}/orders")))
                .hasMessageStartingWith("agentry.tools.http.orders.url may not have placeholders in its scheme, host or port");
        assertThatThrownBy(() -> tool(Map.of("http.orders.url", url, "http.orders.parameters", "{\"type\": \"array\"}")))
                .hasMessageStartingWith("agentry.tools.http.orders.parameters must have \"type\": \"object\"");
        assertThatThrownBy(() -> tool(Map.of("http.orders.url", url, "http.orders.headers[X-Agentry-Signature]", "v1=x")))
                .hasMessage("agentry.tools.http.orders.headers sets X-Agentry-Signature, which the server sets itself.");
        assertThatThrownBy(() -> tool(Map.of("http.orders.url", url, "http.orders.headers[Authorization]", "Bearer a\nb")))
                .hasMessageStartingWith("agentry.tools.http.orders.headers.Authorization cannot be sent")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Bearer"));
        assertThatThrownBy(() -> tool(Map.of("http.orders.url", url, "http.orders.timeout", "0s")))
                .hasMessageStartingWith("agentry.tools.http.orders.timeout and agentry.tools.http.orders.max-response-size must be positive");
    }

    @Test
    void theSettingsNeverShowSecrets() {
        HttpToolProperties properties = PropertyDefaults.bind(HttpToolsProperties.class, "agentry.tools", Map.of(
                "http.orders.url", "https://api.example.com/o?key=url-secret",
                "http.orders.headers[Authorization]", "Bearer header-secret",
                "http.orders.signing-secret", "signing-secret")).http().get("orders");
        assertThat(properties.toString()).doesNotContain("url-secret").doesNotContain("header-secret")
                .doesNotContain("signing-secret").contains("Authorization");
    }
}
