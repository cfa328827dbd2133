package io.agentry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The check finds every run or session a server answered for without recording it, and the load's answers the
 * ledger does not hold; against a server that records everything it finds nothing missing.
 */
class RecordedCheckTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * A server with the three routes the check uses. The n-th run (in the order they arrive) is left out of the runs
     * table when {@code forgetRun} says so, and its session's turn when {@code forgetSession} does; user
     * {@code bench} already has {@code benchRuns} runs.
     */
    private RecordedCheck.Settings server(IntPredicate forgetRun, IntPredicate forgetSession, long benchRuns,
                                          long answered, int probes) throws IOException {
        Map<String, Long> runsByUser = new ConcurrentHashMap<>(Map.of("bench", benchRuns));
        Set<String> sessions = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        server = new TestServer()
                .on("/run", e -> {
                    JsonNode body = JSON.readTree(e.getRequestBody().readAllBytes());
                    int n = runs.getAndIncrement();
                    String user = body.get("user_id").asString();
                    if (!forgetRun.test(n)) {
                        runsByUser.merge(user, 1L, Long::sum);
                    }
                    if (!forgetSession.test(n)) {
                        sessions.add("s" + n);
                    }
                    TestServer.respond(e, 200, "application/json",
                            "{\"success\":true,\"run_id\":\"r" + n + "\",\"session_id\":\"s" + n + "\"}", false);
                })
                .on("/usage", e -> TestServer.respond(e, 200, "application/json",
                        "{\"total\":{\"runs\":" + runsByUser.getOrDefault(query(e, "user_id"), 0L) + "}}", false))
                .on("/estimate", e -> {
                    JsonNode body = JSON.readTree(e.getRequestBody().readAllBytes());
                    boolean history = body.hasNonNull("session_id") && sessions.contains(body.get("session_id").asString());
                    TestServer.respond(e, 200, "application/json", "{\"input_tokens\":" + (history ? 40 : 25) + "}", false);
                });
        return new RecordedCheck.Settings(server.target(), "k", "What is the capital of France?", probes, 4, "bench",
                answered, Duration.ofSeconds(10));
    }

    private static String query(HttpExchange e, String name) {
        for (String pair : e.getRequestURI().getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Test
    void aServerThatRecordsBeforeItAnswersHasNothingMissing() throws Exception {
        Map<String, Object> result = new RecordedCheck(server(n -> false, n -> false, 500, 500, 30)).run();

        assertThat(result).containsEntry("probes", 30).containsEntry("answered", 30L).containsEntry("failed", 0L)
                .containsEntry("runs_missing", 0L).containsEntry("sessions_missing", 0L)
                .containsEntry("load_answered", 500L).containsEntry("load_recorded", 500L).containsEntry("load_missing", 0L)
                .containsEntry("examples", List.of());
    }

    @Test
    void runsAndSessionsMissingAfterTheirAnswerAreCountedAndNamed() throws Exception {
        Map<String, Object> result = new RecordedCheck(server(n -> n % 3 == 0, n -> n % 5 == 0, 500, 507, 30)).run();

        assertThat(result).containsEntry("answered", 30L).containsEntry("runs_missing", 10L)
                .containsEntry("sessions_missing", 6L).containsEntry("load_recorded", 500L).containsEntry("load_missing", 7L);
        @SuppressWarnings("unchecked")
        List<String> examples = (List<String>) result.get("examples");
        assertThat(examples).hasSize(10).anySatisfy(e -> assertThat(e).startsWith("run r").contains("not in GET /usage"))
                .anySatisfy(e -> assertThat(e).startsWith("session s").contains("no history"));
    }

    @Test
    void anAnswerThatIsNotASuccessIsAFailedProbe() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server = new TestServer()
                .on("/run", e -> TestServer.respond(e, calls.getAndIncrement() % 2 == 0 ? 503 : 200, "application/json",
                        "{\"success\":false,\"run_id\":null}", false))
                .on("/estimate", e -> TestServer.respond(e, 200, "application/json", "{\"input_tokens\":25}", false));
        Map<String, Object> result = new RecordedCheck(new RecordedCheck.Settings(server.target(), "k", "m", 6, 2, null, 0,
                Duration.ofSeconds(10))).run();

        assertThat(result).containsEntry("answered", 0L).containsEntry("failed", 6L).doesNotContainKey("load_missing");
        @SuppressWarnings("unchecked")
        List<String> examples = (List<String>) result.get("examples");
        assertThat(examples).anySatisfy(e -> assertThat(e).contains("POST /run answered 503"));
    }
}
