package io.agentry.server.langgraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ChildProcess;
import io.agentry.server.testing.FreePorts;
import io.agentry.server.testing.NodePackages;
import io.agentry.server.testing.ServerProcess;
import io.agentry.server.testing.ToolEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LangGraph Server API as its real clients see it: the conformance suite in {@code server/src/test/langgraph}
 * drives the packaged server with the unmodified {@code @langchain/langgraph-sdk} from npm (pinned by the committed
 * package-lock.json, installed here with {@code npm ci}) on Node's own test runner. One server serves the whole run:
 * the offline model, three agents ({@code helper}, the default, {@code second}, and {@code strict}, whose token
 * budget fails every run), two users' keys, and the {@code gate} HTTP tool ({@link Gates}) that keeps a run busy
 * until a test lets it go. The offline model streams 100 tokens a second, so that a browser shows an answer grow;
 * event streams send a keep-alive every second, so that a client's disconnect is noticed soon; webhooks may call the
 * test's endpoint on loopback. The chat page of {@code chat-ui} (assistant-ui's LangGraph adapter) is built here
 * with vite and served by its test from an origin of its own, which the server allows by CORS; its screenshot lands
 * in {@code target/langgraph-chat-ui.png} (the one in docs/ is a copy). Any failing Node test fails this one, with
 * the runner's report of the failures.
 */
class LangGraphSdkIT {

    static final Path DIR = Path.of("src", "test", "langgraph").toAbsolutePath();
    static final Path CHAT_UI = DIR.resolve("chat-ui");
    static final Path SCREENSHOT = Path.of("target", "langgraph-chat-ui.png").toAbsolutePath();
    private static final String ALICE_KEY = "alice-langgraph-" + Long.toHexString(System.nanoTime());
    private static final String BOB_KEY = "bob-langgraph-" + Long.toHexString(System.nanoTime() + 1);

    @TempDir
    Path work;

    @Test
    void theLangGraphSdkSuitePasses() throws IOException {
        NodePackages.install(DIR, "node_modules/@langchain/langgraph-sdk/package.json",
                "node_modules/playwright-core/package.json");
        NodePackages.install(CHAT_UI, "node_modules/vite/package.json");
        NodePackages.run(CHAT_UI, Duration.ofMinutes(3), "npm", "run", "build");
        int pagePort = FreePorts.freePort();
        try (ToolEndpoint gate = new ToolEndpoint()) {
            gate.answer(new Gates());
            Path config = work.resolve("langgraph.yml");
            Files.writeString(config, configuration(gate.base(), "http://127.0.0.1:" + pagePort));
            Map<String, String> settings = Map.of(
                    "spring.datasource.url", "jdbc:h2:mem:langgraph;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                            + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                    "spring.config.additional-location", "file:" + config);
            try (ServerProcess server = ServerProcess.start("langgraph-sdk", settings, work)) {
                Map<String, String> env = new HashMap<>();
                env.put("PATH", System.getenv("PATH"));
                env.put("HOME", System.getProperty("java.io.tmpdir"));
                env.put("LANGGRAPH_URL", server.baseUrl() + "/langgraph");
                env.put("ALICE_KEY", ALICE_KEY);
                env.put("BOB_KEY", BOB_KEY);
                env.put("GATE_URL", gate.base());
                env.put("PAGE_PORT", Integer.toString(pagePort));
                env.put("SCREENSHOT", SCREENSHOT.toString());
                // --test-timeout limits each file; each test has a limit of its own (LIMIT in tests/lib.mjs)
                List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=spec",
                        "--test-concurrency=2", "--test-timeout=240000"));
                command.addAll(testFiles());
                ChildProcess.Result result = ChildProcess.run(command, env, DIR, Duration.ofMinutes(5));
                System.out.println(result.stdout());
                System.out.println(result.stderr());
                assertThat(result.exit())
                        .as("node --test failed (server log: %s):%n%s%n%s", server.log(), failures(result.stdout()),
                                result.stderr())
                        .isZero();
            }
        }
    }

    /** The runner's summary of the failed tests (the spec reporter ends with it), or all it printed. */
    private static String failures(String report) {
        int summary = report.indexOf("✖ failing tests:");
        return summary < 0 ? report : report.substring(summary);
    }

    /** The suite's files, in name order (Node 20's runner takes files, not globs). */
    private static List<String> testFiles() throws IOException {
        try (Stream<Path> files = Files.list(DIR.resolve("tests"))) {
            return files.map(p -> DIR.relativize(p).toString()).filter(p -> p.endsWith(".test.mjs")).sorted().toList();
        }
    }

    private static String configuration(String gateBase, String pageOrigin) {
        return """
                agentry:
                  default-agent: helper
                  limits:
                    enabled: false
                  models:
                    offline:
                      tokens-per-second: 100
                  cors:
                    allowed-origins: [%s]
                  streaming:
                    heartbeat-interval: 1s
                  webhooks:
                    secret: webhook-secret-of-the-langgraph-tests
                    allow-private: true
                  agents:
                    helper:
                      model: offline
                      tools: [calculator, current_time, gate]
                    second:
                      model: offline
                      tools: [calculator]
                    strict:
                      model: offline
                      tools: [calculator]
                      max-tokens-per-run: 30
                  tools:
                    http:
                      gate:
                        description: Waits until the test lets the call through
                        parameters: |
                          {"type": "object", "properties": {"key": {"type": "string"}}, "required": ["key"]}
                        url: %s/gate/{key}
                        signing-secret: gate-signing-secret-of-the-langgraph-tests
                        allow-private: true
                        timeout: 60s
                  security:
                    keys:
                      - name: alice
                        key: %s
                        user-id: alice
                      - name: bob
                        key: %s
                        user-id: bob
                """.formatted(pageOrigin, gateBase, ALICE_KEY, BOB_KEY);
    }
}
