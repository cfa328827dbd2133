package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.run.RunStatus;
import io.agentry.server.health.AgentReadiness;
import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.SseClient;
import io.agentry.server.testing.TestFaults;
import io.agentry.store.RunRecord;
import io.agentry.store.RunStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** {@code POST /run} as an event stream and {@code GET /runs/{run_id}/events}, on the shared test server. */
@AgentryServerTest
class StreamingRunApiTest {

    @LocalServerPort
    int port;
    @Autowired
    RunStore runStore;
    @Autowired
    AgentReadiness readiness;

    private SseClient stream(String key, Map<String, Object> body, String... headers) {
        return SseClient.post(port, "/run", key, ApiClient.JSON.writeValueAsString(body), 0, headers);
    }

    private static List<String> types(List<SseClient.Event> events) {
        return events.stream().map(SseClient.Event::type).toList();
    }

    private static List<Long> ids(List<SseClient.Event> events) {
        return events.stream().map(SseClient.Event::idNumber).toList();
    }

    private static String tokens(List<SseClient.Event> events) {
        return events.stream().filter(e -> e.type().equals("token"))
                .map(e -> e.json().get("text").asString()).collect(Collectors.joining());
    }

    private static void assertProblem(SseClient response, int status, String type) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        String body = response.body();
        JsonNode problem = ApiClient.JSON.readTree(body);
        assertThat(problem.get("type").asString()).isEqualTo("https://agentry.dev/problems/" + type);
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(body).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aStreamedRunSendsItsEventsInOrderWithConsecutiveIdsAndEndsWithTheRunResponse() {
        List<SseClient.Event> events;
        try (SseClient client = stream("service-key", Map.of("message", "what is 17*23?", "user_id", "bob", "stream", true))) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("content-type")).startsWith("text/event-stream");
            assertThat(client.header("cache-control")).isEqualTo("no-cache");
            events = client.readToEnd();
        }

        assertThat(ids(events)).isEqualTo(LongStream.rangeClosed(1, events.size()).boxed().toList());
        List<String> types = types(events);
        int firstToken = types.indexOf("token");
        assertThat(types.subList(0, firstToken))
                .containsExactly("run.started", "usage", "tool.started", "tool.finished");
        assertThat(types.subList(firstToken, types.size() - 2)).isNotEmpty().containsOnly("token");
        assertThat(types.subList(types.size() - 2, types.size())).containsExactly("usage", "run.completed");

        JsonNode started = events.getFirst().json();
        String runId = started.get("run_id").asString();
        assertThat(started.get("agent").asString()).isEqualTo("default");
        assertThat(started.get("model").asString()).isEqualTo("offline");
        JsonNode toolStarted = events.get(2).json();
        assertThat(toolStarted.get("tool").asString()).isEqualTo("calculator");
        assertThat(toolStarted.get("arguments").asString()).contains("17*23");
        assertThat(events.get(3).json().get("result").asString()).isEqualTo("391");
        assertThat(events.get(3).json().get("call_id").asString()).isEqualTo(toolStarted.get("call_id").asString());

        JsonNode completed = events.getLast().json();
        assertThat(completed.get("run_id").asString()).isEqualTo(runId);
        assertThat(completed.get("success").asBoolean()).isTrue();
        assertThat(completed.get("status").asString()).isEqualTo("completed");
        assertThat(completed.get("content").asString()).isEqualTo("17*23 = 391").isEqualTo(tokens(events));
        assertThat(completed.get("tool_calls_made").get(0).asString()).isEqualTo("calculator");
        JsonNode lastUsage = events.get(events.size() - 2).json();
        assertThat(lastUsage.get("total")).isEqualTo(completed.get("usage"));
        assertThat(lastUsage.get("cost_usd").decimalValue()).isEqualByComparingTo(completed.get("cost_usd").decimalValue());

        RunRecord record = runStore.find(runId).orElseThrow();
        assertThat(record.mode()).isEqualTo("stream");
        assertThat(record.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(record.userId()).isEqualTo("bob");
        assertThat(record.sessionId()).isEqualTo(completed.get("session_id").asString());
    }

    @Test
    void anAcceptHeaderAloneAsksForTheStreamAndTheSessionIsExtendedBeforeTheLastEvent() {
        String session;
        try (SseClient client = stream("alice-key", Map.of("message", "my favourite colour is teal"))) {
            assertThat(client.header("content-type")).startsWith("text/event-stream");
            session = client.readToEnd().getLast().json().get("session_id").asString();
        }
        // the terminal event is sent once the session holds the exchange: the next message sees it at once
        try (SseClient client = stream("alice-key", Map.of("message", "what did I say?", "session_id", session))) {
            assertThat(client.readToEnd().getLast().json().get("content").asString())
                    .isEqualTo("Earlier you said: \"my favourite colour is teal\".");
        }
    }

    /** The Accept header streams when it prefers text/event-stream to JSON, as content negotiation reads it. */
    @Test
    void anAcceptHeaderStreamsOnlyWhenItPrefersTheEventStreamToJson() {
        ApiClient api = new ApiClient(port);
        String body = "{\"message\": \"hi\"}";
        Map<String, String> expected = Map.of(
                // what a client generated from /openapi.json sends for POST /run
                "application/json, text/event-stream, application/problem+json", "application/json",
                "*/*", "application/json",
                "application/*, text/event-stream;q=0.9", "application/json",
                "text/event-stream, application/json", "text/event-stream",
                "application/json;q=0.5, text/event-stream", "text/event-stream",
                "text/event-stream", "text/event-stream");
        expected.forEach((accept, answered) -> {
            ApiClient.Response response = api.post("/run", "alice-key", body, "Accept", accept);
            assertThat(response.status()).as(accept).isEqualTo(200);
            assertThat(response.header("content-type")).as(accept).startsWith(answered);
        });
    }

    @Test
    void aRunThatFailsEndsWithRunFailedCarryingItsResponse() {
        List<SseClient.Event> events;
        try (SseClient client = stream("alice-key", Map.of("message", "what is 17*23?", "stream", true,
                "budget", Map.of("max_tokens", 300)))) {
            events = client.readToEnd();
        }
        SseClient.Event last = events.getLast();
        assertThat(last.type()).isEqualTo("run.failed");
        assertThat(last.json().get("error").asString()).isEqualTo("Token budget of 300 exceeded");
        assertThat(last.json().get("success").asBoolean()).isFalse();
        assertThat(types(events)).containsOnlyOnce("run.failed").doesNotContain("run.completed", "run.cancelled");
    }

    @Test
    void anUnexpectedFailureDuringTheStreamIsARunFailedEventWithASafeMessage() {
        List<SseClient.Event> events;
        try (SseClient client = stream("service-key", Map.of("message", "hi", "user_id", TestFaults.FAILING_USER,
                "stream", true))) {
            assertThat(client.status()).isEqualTo(200);
            events = client.readToEnd();
        }
        SseClient.Event last = events.getLast();
        assertThat(last.type()).isEqualTo("run.failed");
        assertThat(last.json().get("error").asString()).isEqualTo("Internal agent error");
        assertThat(last.json().get("status").asString()).isEqualTo("failed");
        assertThat(events.stream().map(SseClient.Event::data).collect(Collectors.joining()))
                .doesNotContain("jdbc", "secret", "IllegalState");
    }

    @Test
    void errorsBeforeTheStreamStartsAreOrdinaryProblems() {
        Map<String, Object> ok = Map.of("message", "hi", "stream", true);
        try (SseClient client = stream(null, ok)) {
            assertProblem(client, 401, "unauthorized");
        }
        try (SseClient client = stream("alice-key", Map.of("message", " ", "stream", true))) {
            assertProblem(client, 422, "validation");
        }
        try (SseClient client = stream("alice-key", Map.of("message", "hi", "stream", true, "agent", "nope"))) {
            assertProblem(client, 422, "validation");
        }
        try (SseClient client = stream("alice-key", Map.of("message", "hi", "stream", true, "on_disconnect", "pause"))) {
            assertProblem(client, 422, "validation");
        }
        try (SseClient client = stream("alice-key", Map.of("message", "hi", "stream", true, "user_id", "bob"))) {
            assertProblem(client, 403, "forbidden");
        }
        String bobsSession;
        try (SseClient client = stream("service-key", Map.of("message", "private", "user_id", "bob", "stream", true))) {
            bobsSession = client.readToEnd().getLast().json().get("session_id").asString();
        }
        // found only once the run has begun to load its session, still before anything was streamed
        try (SseClient client = stream("alice-key", Map.of("message", "what did I say?", "session_id", bobsSession,
                "stream", true))) {
            assertProblem(client, 403, "forbidden");
        }
        readiness.set(false);
        try (SseClient client = stream("alice-key", ok)) {
            assertProblem(client, 503, "not-ready");
            assertThat(client.header("retry-after")).isNotBlank();
        } finally {
            readiness.set(true);
        }
    }

    @Test
    void aLateSubscriberGetsTheWholeStreamAgainAndLastEventIdResumesAfterIt() {
        List<SseClient.Event> original;
        try (SseClient client = stream("alice-key", Map.of("message", "what is 2+2 and 3*3?", "stream", true))) {
            original = client.readToEnd();
        }
        String runId = original.getFirst().json().get("run_id").asString();

        List<SseClient.Event> replay;
        try (SseClient client = SseClient.get(port, "/runs/" + runId + "/events", "alice-key")) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.header("content-type")).startsWith("text/event-stream");
            replay = client.readToEnd();
        }
        assertThat(replay).extracting(SseClient.Event::id, SseClient.Event::type, SseClient.Event::data)
                .isEqualTo(original.stream().map(e -> org.assertj.core.groups.Tuple.tuple(e.id(), e.type(), e.data())).toList());

        try (SseClient client = SseClient.get(port, "/runs/" + runId + "/events", "alice-key", "Last-Event-ID", "3")) {
            List<SseClient.Event> rest = client.readToEnd();
            assertThat(ids(rest)).isEqualTo(LongStream.rangeClosed(4, original.size()).boxed().toList());
        }
        try (SseClient client = SseClient.get(port, "/runs/" + runId + "/events", "alice-key",
                "Last-Event-ID", Integer.toString(original.size()))) {
            assertThat(client.readToEnd()).as("nothing after the last event").isEmpty();
        }
    }

    @Test
    void eventsAreFoundOnlyForTheOwnersOfStreamedRuns() {
        String bobsRun;
        try (SseClient client = stream("service-key", Map.of("message", "hi", "user_id", "bob", "stream", true))) {
            bobsRun = client.readToEnd().getFirst().json().get("run_id").asString();
        }
        try (SseClient client = SseClient.get(port, "/runs/" + bobsRun + "/events", "alice-key")) {
            assertProblem(client, 404, "not-found");
        }
        try (SseClient client = SseClient.get(port, "/runs/" + bobsRun + "/events", "admin-key")) {
            assertThat(client.readToEnd().getLast().type()).isEqualTo("run.completed");
        }
        try (SseClient client = SseClient.get(port, "/runs/" + UUID.randomUUID() + "/events", "service-key")) {
            assertProblem(client, 404, "not-found");
        }
        String syncRun = new ApiClient(port).postJson("/run", "alice-key", Map.of("message", "hi")).json()
                .get("run_id").asString();
        try (SseClient client = SseClient.get(port, "/runs/" + syncRun + "/events", "alice-key")) {
            assertProblem(client, 404, "not-found");
        }
        try (SseClient client = SseClient.get(port, "/runs/" + bobsRun + "/events", null)) {
            assertProblem(client, 401, "unauthorized");
        }
        try (SseClient client = SseClient.get(port, "/runs/" + bobsRun + "/events", "service-key", "Last-Event-ID", "-1")) {
            assertProblem(client, 422, "validation");
        }
    }

    @Test
    void theApiDocumentsTheStreamAndTheEventsEndpoint() {
        JsonNode openapi = new ApiClient(port).get("/openapi.json", null).json();
        assertThat(openapi.get("paths").get("/run").get("post").get("responses").get("200").get("content")
                .has("text/event-stream")).isTrue();
        assertThat(openapi.get("paths").has("/runs/{run_id}/events")).isTrue();
        assertThat(openapi.get("paths").get("/run").get("post").has("parameters")).as("no header parameter leaks").isFalse();
        assertThat(openapi.get("components").get("schemas").get("RunRequest").get("properties").has("on_disconnect")).isTrue();
    }
}
