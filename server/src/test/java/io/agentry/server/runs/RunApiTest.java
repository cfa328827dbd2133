package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.health.AgentReadiness;
import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.TestFaults;
import io.agentry.store.RunRecord;
import io.agentry.store.RunStore;
import io.agentry.store.SessionStore;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@AgentryServerTest
class RunApiTest {

    @LocalServerPort
    int port;
    @Autowired
    RunStore runStore;
    @Autowired
    AgentReadiness readiness;
    @Autowired
    SessionStore sessions;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private ApiClient.Response run(String key, Map<String, Object> body) {
        return api.postJson("/run", key, body);
    }

    private static void assertProblem(ApiClient.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).isEqualTo("https://agentry.dev/problems/" + type);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void answersArithmeticThroughTheCalculatorAndRecordsTheRun() {
        ApiClient.Response response = run("service-key", Map.of("message", "what is 17*23?", "user_id", "bob"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("content").asString()).contains("391");
        assertThat(body.get("tool_calls_made").get(0).asString()).isEqualTo("calculator");
        assertThat(body.get("iterations").asInt()).isEqualTo(2);
        assertThat(body.get("error").isNull()).isTrue();
        assertThat(body.get("model").asString()).isEqualTo("offline");
        assertThat(body.get("session_id").asString()).isNotBlank();
        JsonNode usage = body.get("usage");
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(usage.get("input_tokens").asLong()
                + usage.get("output_tokens").asLong() + usage.get("cache_read_tokens").asLong()
                + usage.get("cache_write_tokens").asLong()).isPositive();
        BigDecimal cost = body.get("cost_usd").decimalValue();
        assertThat(cost).isPositive();

        RunRecord record = runStore.find(body.get("run_id").asString()).orElseThrow();
        assertThat(record.userId()).isEqualTo("bob");
        assertThat(record.agent()).isEqualTo("default");
        assertThat(record.mode()).isEqualTo("sync");
        assertThat(record.usage().totalTokens()).isEqualTo(usage.get("total_tokens").asLong());
        assertThat(record.costUsd()).isEqualByComparingTo(cost);
        assertThat(record.sessionId()).isEqualTo(body.get("session_id").asString());
        assertThat(record.finishedAt()).isAfterOrEqualTo(record.createdAt());
    }

    @Test
    void theOfflineModelCallsTheToolAToolCommandNames() {
        ApiClient.Response response = run("service-key",
                Map.of("message", "/tool calculator {\"expression\": \"2**10\"}", "user_id", "bob"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("tool_calls_made").get(0).asString()).isEqualTo("calculator");
        assertThat(response.json().get("content").asString()).isEqualTo("2**10 = 1024");
    }

    @Test
    void aSecondMessageInTheSameSessionSeesTheFirst() {
        JsonNode first = run("alice-key", Map.of("message", "my favourite colour is teal")).json();
        String session = first.get("session_id").asString();

        JsonNode second = run("alice-key", Map.of("message", "what did I say?", "session_id", session)).json();

        assertThat(second.get("session_id").asString()).isEqualTo(session);
        assertThat(second.get("content").asString()).isEqualTo("Earlier you said: \"my favourite colour is teal\".");
    }

    @Test
    void anotherUsersSessionIsForbidden() {
        String session = run("alice-key", Map.of("message", "private")).json().get("session_id").asString();

        assertProblem(run("service-key", Map.of("message", "what did I say?", "user_id", "mallory",
                "session_id", session)), 403, "forbidden");
    }

    /** Tasks and streams run later, so they are refused when submitted rather than failing when they run. */
    @Test
    void anotherUsersSessionIsForbiddenForTasksAndStreamsWhenSubmitted() {
        String session = run("alice-key", Map.of("message", "private")).json().get("session_id").asString();
        String mallory = "mallory-" + java.util.UUID.randomUUID();
        Map<String, Object> body = Map.of("message", "what did I say?", "user_id", mallory, "session_id", session);

        assertProblem(api.postJson("/tasks", "service-key", body), 403, "forbidden");
        assertThat(api.get("/tasks?user_id=" + mallory, "service-key").json().get("tasks")).isEmpty();
        ApiClient.Response stream = api.postJson("/run", "service-key", Map.of("message", "what did I say?",
                "user_id", mallory, "session_id", session, "stream", true));
        assertProblem(stream, 403, "forbidden");
        // a session id nobody has used yet is the caller's to start
        assertThat(api.postJson("/tasks", "service-key", Map.of("message", "hi", "user_id", mallory,
                "session_id", "fresh-" + java.util.UUID.randomUUID())).status()).isEqualTo(202);
    }

    @Test
    void aMissingOrUnknownKeyIs401() {
        assertProblem(run(null, Map.of("message", "hi", "user_id", "bob")), 401, "unauthorized");
        assertProblem(run("not-a-key", Map.of("message", "hi", "user_id", "bob")), 401, "unauthorized");
        assertProblem(run("alice-key-but-longer", Map.of("message", "hi")), 401, "unauthorized");
    }

    @Test
    void aBoundKeyActsForItsOwnUserOnly() {
        ApiClient.Response own = run("alice-key", Map.of("message", "hi"));
        assertThat(own.status()).isEqualTo(200);
        assertThat(runStore.find(own.json().get("run_id").asString()).orElseThrow().userId()).isEqualTo("alice");
        assertThat(run("alice-key", Map.of("message", "hi", "user_id", "alice")).status()).isEqualTo(200);

        assertProblem(run("alice-key", Map.of("message", "hi", "user_id", "bob")), 403, "forbidden");
    }

    @Test
    void aServiceKeyMustNameTheUser() {
        ApiClient.Response response = run("service-key", Map.of("message", "hi"));
        assertProblem(response, 422, "validation");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("user_id");
    }

    @Test
    void invalidFieldsAre422AndListed() {
        ApiClient.Response blank = run("alice-key", Map.of("message", "   "));
        assertProblem(blank, 422, "validation");
        assertThat(blank.json().get("errors").get(0).get("field").asString()).isEqualTo("message");

        ApiClient.Response several = run("alice-key", Map.of("message", "x".repeat(10_001),
                "session_id", "bad id with spaces", "budget", Map.of("max_tokens", -5)));
        assertProblem(several, 422, "validation");
        assertThat(several.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactlyInAnyOrder("message", "session_id", "budget.max_tokens");

        ApiClient.Response wrongType = api.post("/run", "alice-key", "{\"message\":\"hi\",\"budget\":{\"max_tokens\":\"lots\"}}");
        assertProblem(wrongType, 422, "validation");
        assertThat(wrongType.json().get("errors").get(0).get("field").asString()).isEqualTo("budget.max_tokens");

        assertProblem(run("alice-key", Map.of("message", "hi", "agent", "nope")), 422, "validation");
    }

    @Test
    void theLongestAllowedMessageIsAccepted() {
        assertThat(run("alice-key", Map.of("message", "x".repeat(10_000))).status()).isEqualTo(200);
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(api.post("/run", "alice-key", "{\"message\": "), 400, "malformed-request");
        assertProblem(api.post("/run", "alice-key", ""), 400, "malformed-request");
        for (String notAnObject : new String[] {"[]", "\"text\"", "42"}) {
            ApiClient.Response response = api.post("/run", "alice-key", notAnObject);
            assertProblem(response, 400, "malformed-request");
            assertThat(response.json().get("detail").asString()).isEqualTo("The request body must be a JSON object");
            assertThat(response.body()).doesNotContain("io.agentry", "RunRequest");
        }
    }

    @Test
    void bodiesOverOneMebibyteAre413WhetherAnnouncedOrChunked() {
        String big = "{\"message\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertProblem(api.post("/run", "alice-key", big), 413, "payload-too-large");

        HttpRequest chunked = api.request("/run", "alice-key", "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build();
        assertProblem(api.send(chunked), 413, "payload-too-large");
    }

    @Test
    void notReadyIs503WithRetryAfter() {
        readiness.set(false);
        try {
            ApiClient.Response response = run("alice-key", Map.of("message", "hi"));
            assertProblem(response, 503, "not-ready");
            assertThat(response.header("retry-after")).isNotBlank();
            assertThat(api.get("/health", null).json().get("agent_ready").asBoolean()).isFalse();
            assertThat(api.get("/health/ready", null).status()).isEqualTo(503);
        } finally {
            readiness.set(true);
        }
    }

    @Test
    void unexpectedErrorsAre500WithoutInternals() {
        ApiClient.Response response = run("service-key", Map.of("message", "hi", "user_id", TestFaults.FAILING_USER));
        assertProblem(response, 500, "internal");
        assertThat(response.json().get("detail").asString()).isEqualTo("Internal agent error");
        assertThat(response.body()).doesNotContain("jdbc", "secret", "IllegalState");
    }

    @Test
    void aRunWhoseRecordCannotBeWrittenDoesNotExtendItsSession() {
        String session = "unrecorded-" + UUID.randomUUID();
        assertProblem(run("service-key", Map.of("message", "hi", "user_id", TestFaults.FAILING_USER, "session_id", session)),
                500, "internal");
        // the turn and the run record commit together or not at all
        assertThat(sessions.historyBefore(session, TestFaults.FAILING_USER, SessionStore.NEWEST, 1).messages()).isEmpty();
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        assertProblem(api.get("/nowhere", "alice-key"), 404, "not-found");
        assertProblem(api.get("/run", "alice-key"), 405, "http-405");
    }

    @Test
    void aRequestBudgetStopsTheRunBeforeItOverspends() {
        JsonNode body = run("alice-key", Map.of("message", "what is 17*23?", "budget", Map.of("max_tokens", 300))).json();

        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("error").asString()).isEqualTo("Token budget of 300 exceeded");
        assertThat(body.get("content").asString()).isEqualTo("I was unable to complete this task within the token budget.");
        assertThat(body.get("usage").get("total_tokens").asLong()).isLessThanOrEqualTo(300);
    }

    @Test
    void healthAndDocsNeedNoKey() {
        JsonNode health = api.get("/health", null).json();
        assertThat(health.get("status").asString()).isEqualTo("healthy");
        assertThat(health.get("agent_ready").asBoolean()).isTrue();
        assertThat(api.get("/health/live", null).status()).isEqualTo(200);
        ApiClient.Response ready = api.get("/health/ready", null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("checks").get("store").asString()).isEqualTo("UP");

        JsonNode openapi = api.get("/openapi.json", null).json();
        assertThat(openapi.get("paths").has("/run")).isTrue();
        assertThat(openapi.toString()).doesNotContain("\"caller\"");
        assertThat(openapi.get("components").get("schemas").get("RunRequest").get("properties").has("user_id")).isTrue();
        assertThat(api.get("/docs", null).status()).isIn(200, 302);
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        HttpRequest allowed = api.request("/run", null, "Origin", "https://app.example.com",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "x-api-key,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
        ApiClient.Response ok = api.send(allowed);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.header("access-control-allow-origin")).isEqualTo("https://app.example.com");

        HttpRequest denied = api.request("/run", null, "Origin", "https://evil.example.com",
                "Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build();
        ApiClient.Response refused = api.send(denied);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("access-control-allow-origin")).isNull();
    }

    @Test
    void aFreshSessionIdIsGeneratedWhenAbsent() {
        String a = run("alice-key", Map.of("message", "hi")).json().get("session_id").asString();
        String b = run("alice-key", Map.of("message", "hi")).json().get("session_id").asString();
        assertThat(UUID.fromString(a)).isNotEqualTo(UUID.fromString(b));
        // time-ordered (version 7), so the store's indexes grow at one end
        assertThat(UUID.fromString(a).version()).isEqualTo(7);
    }
}
