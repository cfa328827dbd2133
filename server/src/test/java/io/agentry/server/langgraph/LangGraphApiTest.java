package io.agentry.server.langgraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The LangGraph API over real HTTP with the offline model: assistants, threads, runs (wait, stream, background,
 * join, rejoin, cancel, multitask strategies), isolation between users' keys, and refused input.
 */
@AgentryServerTest
class LangGraphApiTest {

    private static final String ASSISTANT = "default";

    @LocalServerPort
    int port;
    ApiClient api;
    String user;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        user = "lg-" + UUID.randomUUID();
    }

    private ApiClient.Response post(String path, Object body) {
        return api.postJson("/langgraph" + path, "service-key", body, LangGraphUsers.HEADER, user);
    }

    private ApiClient.Response get(String path) {
        return api.get("/langgraph" + path, "service-key", LangGraphUsers.HEADER, user);
    }

    private String newThread() {
        ApiClient.Response created = post("/threads", Map.of("metadata", Map.of("topic", "maths")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().get("thread_id").asString();
    }

    private static Map<String, Object> input(String text) {
        return Map.of("messages", List.of(Map.of("role", "user", "content", text)));
    }

    /** The SSE events of a response body: [event, data] pairs, in order. */
    private static List<String[]> events(String body) {
        List<String[]> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (event != null) {
                events.add(new String[] {event, data.toString()});
            }
        }
        return events;
    }

    @Test
    void configuredAgentsAreAssistantsWithStableIds() {
        ApiClient.Response found = post("/assistants/search", Map.of("graph_id", ASSISTANT));
        assertThat(found.status()).isEqualTo(200);
        JsonNode assistant = found.json().get(0);
        assertThat(assistant.get("graph_id").asString()).isEqualTo(ASSISTANT);
        String id = assistant.get("assistant_id").asString();
        assertThat(UUID.fromString(id)).isEqualTo(UUID.nameUUIDFromBytes("agentry-agent:default".getBytes()));
        assertThat(get("/assistants/" + id).json().get("name").asString()).isEqualTo(ASSISTANT);
        assertThat(get("/assistants/" + ASSISTANT).json().get("assistant_id").asString()).isEqualTo(id);
        assertThat(get("/assistants/" + id + "/schemas").json().at("/input_schema/properties/messages/type").asString())
                .isEqualTo("array");
        assertThat(post("/assistants/count", Map.of()).body()).isEqualTo("1");
        assertThat(get("/assistants/no-such-assistant").status()).isEqualTo(404);
    }

    @Test
    void waitRunsOnTheThreadAndTheStateHoldsLangChainMessages() {
        String thread = newThread();
        ApiClient.Response waited = post("/threads/" + thread + "/runs/wait",
                Map.of("assistant_id", ASSISTANT, "input", input("what is 17*23?")));
        assertThat(waited.status()).as(waited.body()).isEqualTo(200);
        assertThat(waited.header("Content-Location")).startsWith("/threads/" + thread + "/runs/");
        JsonNode messages = waited.json().get("messages");
        assertThat(messages.get(0).get("type").asString()).isEqualTo("human");
        assertThat(messages.get(0).get("content").asString()).isEqualTo("what is 17*23?");
        assertThat(messages.get(1).get("type").asString()).isEqualTo("ai");
        assertThat(messages.get(1).get("tool_calls").get(0).get("name").asString()).isEqualTo("calculator");
        assertThat(messages.get(1).get("tool_calls").get(0).get("args").get("expression").asString()).isEqualTo("17*23");
        assertThat(messages.get(2).get("type").asString()).isEqualTo("tool");
        assertThat(messages.get(2).get("tool_call_id").asString())
                .isEqualTo(messages.get(1).get("tool_calls").get(0).get("id").asString());
        assertThat(messages.get(3).get("content").asString()).contains("391");

        JsonNode state = get("/threads/" + thread + "/state").json();
        assertThat(state.get("values").get("messages")).hasSize(4);
        JsonNode got = get("/threads/" + thread).json();
        assertThat(got.get("status").asString()).isEqualTo("idle");
        assertThat(got.get("metadata").get("topic").asString()).isEqualTo("maths");

        String runId = waited.header("Content-Location").substring(waited.header("Content-Location").lastIndexOf('/') + 1);
        JsonNode run = get("/threads/" + thread + "/runs/" + runId).json();
        assertThat(run.get("status").asString()).isEqualTo("success");
        assertThat(run.get("assistant_id").asString()).isEqualTo(UUID.nameUUIDFromBytes("agentry-agent:default".getBytes()).toString());
        // the run is an Agentry task of the same id, accounted like any other
        assertThat(api.get("/tasks/" + runId, "service-key").json().get("status").asString()).isEqualTo("completed");
    }

    @Test
    void aStreamStartsWithMetadataThenStreamsTokensUpdatesAndValues() {
        String thread = newThread();
        ApiClient.Response streamed = post("/threads/" + thread + "/runs/stream", Map.of("assistant_id", ASSISTANT,
                "input", input("/tool calculator {\"expression\": \"6*7\"}"),
                "stream_mode", List.of("values", "updates", "messages-tuple")));
        assertThat(streamed.status()).as(streamed.body()).isEqualTo(200);
        assertThat(streamed.header("Content-Type")).startsWith("text/event-stream");
        assertThat(streamed.header("Location")).endsWith("/stream");
        List<String[]> events = events(streamed.body());
        assertThat(events.getFirst()[0]).isEqualTo("metadata");
        assertThat(events.getFirst()[1]).contains("\"run_id\"");
        List<String> kinds = events.stream().map(e -> e[0]).toList();
        assertThat(kinds).contains("messages", "updates", "values");
        assertThat(events.stream().filter(e -> e[0].equals("updates")).map(e -> e[1]))
                .anySatisfy(d -> assertThat(d).contains("\"agent\"").contains("\"tool_calls\"").contains("calculator"))
                .anySatisfy(d -> assertThat(d).contains("\"tools\"").contains("\"type\":\"tool\"").contains("42"));
        assertThat(events.stream().filter(e -> e[0].equals("messages")).map(e -> e[1]))
                .allSatisfy(d -> assertThat(d).containsAnyOf("\"type\":\"AIMessageChunk\"", "\"type\":\"tool\""))
                .anySatisfy(d -> assertThat(d).contains("\"tool_call_chunks\":[{").contains("calculator"));
        assertThat(events.getLast()[0]).isEqualTo("end");
        String[] last = events.get(events.size() - 2);
        assertThat(last[0]).isEqualTo("values");
        assertThat(last[1]).contains("6*7 = 42");
    }

    @Test
    void aBackgroundRunIsJoinedAndItsStreamResumedAfterLastEventId() {
        String thread = newThread();
        ApiClient.Response created = post("/threads/" + thread + "/runs",
                Map.of("assistant_id", ASSISTANT, "input", input("what is 2+2?"), "metadata", Map.of("n", 1)));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String runId = created.json().get("run_id").asString();
        assertThat(created.json().get("status").asString()).isIn("pending", "running", "success");
        assertThat(created.json().get("metadata").get("n").asInt()).isEqualTo(1);
        JsonNode joined = get("/threads/" + thread + "/runs/" + runId + "/join").json();
        assertThat(joined.get("messages").get(joined.get("messages").size() - 1).get("content").asString()).contains("4");

        String full = get("/threads/" + thread + "/runs/" + runId + "/stream?stream_mode=updates").body();
        List<String> ids = new ArrayList<>();
        for (String line : full.split("\n")) {
            if (line.startsWith("id: ")) {
                ids.add(line.substring(4));
            }
        }
        assertThat(ids).hasSizeGreaterThan(1);
        String resumed = api.get("/langgraph/threads/" + thread + "/runs/" + runId + "/stream?stream_mode=updates",
                "service-key", LangGraphUsers.HEADER, user, "Last-Event-ID", ids.getFirst()).body();
        List<String> resumedIds = new ArrayList<>();
        for (String line : resumed.split("\n")) {
            if (line.startsWith("id: ")) {
                resumedIds.add(line.substring(4));
            }
        }
        assertThat(resumedIds).isEqualTo(ids.subList(1, ids.size()));
        assertThat(get("/threads/" + thread + "/runs").json()).hasSize(1);
    }

    @Test
    void aBusyThreadRefusesARunWithRejectAndQueuesItWithEnqueue() {
        String thread = newThread();
        // after_seconds holds the first run back, so the thread is busy with it
        ApiClient.Response first = post("/threads/" + thread + "/runs",
                Map.of("assistant_id", ASSISTANT, "input", input("what is 1+1?"), "after_seconds", 1));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("status").asString()).isEqualTo("pending");
        assertThat(get("/threads/" + thread).json().get("status").asString()).isEqualTo("busy");
        ApiClient.Response rejected = post("/threads/" + thread + "/runs",
                Map.of("assistant_id", ASSISTANT, "input", input("what is 2+2?")));
        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.header("Content-Type")).startsWith("application/problem+json");
        ApiClient.Response enqueued = post("/threads/" + thread + "/runs/wait", Map.of("assistant_id", ASSISTANT,
                "input", input("what is 3+3?"), "multitask_strategy", "enqueue"));
        assertThat(enqueued.status()).as(enqueued.body()).isEqualTo(200);
        JsonNode messages = enqueued.json().get("messages");
        List<String> humans = new ArrayList<>();
        messages.forEach(m -> {
            if (m.get("type").asString().equals("human")) {
                humans.add(m.get("content").asString());
            }
        });
        assertThat(humans).containsExactly("what is 1+1?", "what is 3+3?");
    }

    @Test
    void interruptCancelsTheRunningRunAndRollbackDeletesIt() {
        String thread = newThread();
        String first = post("/threads/" + thread + "/runs",
                Map.of("assistant_id", ASSISTANT, "input", input("what is 1+1?"), "after_seconds", 30)).json()
                .get("run_id").asString();
        ApiClient.Response second = post("/threads/" + thread + "/runs/wait", Map.of("assistant_id", ASSISTANT,
                "input", input("what is 5+5?"), "multitask_strategy", "interrupt"));
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(get("/threads/" + thread + "/runs/" + first).json().get("status").asString()).isEqualTo("interrupted");
        assertThat(second.json().get("messages").get(0).get("content").asString()).isEqualTo("what is 5+5?");

        String third = post("/threads/" + thread + "/runs",
                Map.of("assistant_id", ASSISTANT, "input", input("what is 1+1?"), "after_seconds", 30)).json()
                .get("run_id").asString();
        ApiClient.Response cancelled = api.send(api.request("/langgraph/threads/" + thread + "/runs/" + third
                + "/cancel?action=rollback", "service-key", LangGraphUsers.HEADER, user)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(get("/threads/" + thread + "/runs/" + third).status()).isEqualTo(404);
    }

    @Test
    void anotherUsersKeyFindsNothingOfTheirs() {
        String aliceThread = api.postJson("/langgraph/threads", "alice-key", Map.of()).json().get("thread_id").asString();
        assertThat(api.get("/langgraph/threads/" + aliceThread, "alice-key").status()).isEqualTo(200);
        // the service key acting for someone else: reads by id follow Caller.maySee (a service key sees every user's),
        // searches are of the acting user's threads only
        JsonNode search = post("/threads/search", Map.of()).json();
        search.forEach(t -> assertThat(t.get("thread_id").asString()).isNotEqualTo(aliceThread));
        String bobThread = newThread();
        ApiClient.Response aliceReadsBob = api.get("/langgraph/threads/" + bobThread, "alice-key");
        assertThat(aliceReadsBob.status()).isEqualTo(404);
        ApiClient.Response aliceRunsOnBob = api.postJson("/langgraph/threads/" + bobThread + "/runs/wait", "alice-key",
                Map.of("assistant_id", ASSISTANT, "input", input("hi")));
        assertThat(aliceRunsOnBob.status()).isEqualTo(404);
        JsonNode aliceSearch = api.postJson("/langgraph/threads/search", "alice-key", Map.of("limit", 100)).json();
        aliceSearch.forEach(t -> assertThat(t.get("thread_id").asString()).isNotEqualTo(bobThread));
    }

    @Test
    void badInputIsAProblemWithTheRightStatus() {
        String thread = newThread();
        assertThat(post("/threads/" + UUID.randomUUID() + "/runs/wait",
                Map.of("assistant_id", ASSISTANT, "input", input("hi"))).status()).isEqualTo(404);
        ApiClient.Response wrongType = post("/threads/" + thread + "/runs", Map.of("assistant_id", 7, "input", input("hi")));
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.header("Content-Type")).startsWith("application/problem+json");
        assertThat(post("/threads/" + thread + "/runs", Map.of("assistant_id", ASSISTANT, "input", Map.of("messages", List.of())))
                .status()).isEqualTo(422);
        assertThat(post("/threads/" + thread + "/runs", Map.of("assistant_id", ASSISTANT, "input", input("hi"),
                "multitask_strategy", "sometimes")).status()).isEqualTo(422);
        assertThat(post("/threads/" + thread + "/runs", Map.of("assistant_id", "nobody", "input", input("hi"))).status())
                .isEqualTo(404);
        ApiClient.Response again = post("/threads", Map.of("thread_id", thread));
        assertThat(again.status()).isEqualTo(409);
        assertThat(post("/threads", Map.of("thread_id", thread, "if_exists", "do_nothing")).status()).isEqualTo(200);
        ApiClient.Response noUser = api.postJson("/langgraph/threads", "service-key", Map.of());
        assertThat(noUser.status()).isEqualTo(422);
        assertThat(noUser.body()).contains(LangGraphUsers.HEADER);
    }
}
