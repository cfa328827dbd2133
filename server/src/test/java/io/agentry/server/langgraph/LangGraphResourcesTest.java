package io.agentry.server.langgraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The LangGraph API's assistants made through it, store and crons, over real HTTP, with users kept apart. */
@AgentryServerTest
class LangGraphResourcesTest {

    @LocalServerPort
    int port;
    ApiClient api;
    String user;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        user = "lg-" + UUID.randomUUID();
    }

    private ApiClient.Response send(String method, String path, Object body, String key, String... headers) {
        String json = body == null ? "" : ApiClient.JSON.writeValueAsString(body);
        HttpRequest.Builder request = api.request("/langgraph" + path, key, headers).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        return api.send(request.build());
    }

    private ApiClient.Response send(String method, String path, Object body) {
        return send(method, path, body, "service-key", LangGraphUsers.HEADER, user);
    }

    private static Map<String, Object> input(String text) {
        return Map.of("messages", List.of(Map.of("type", "human", "content", text)));
    }

    @Test
    void anAssistantIsVersionedAndItsOverridesReachItsRuns() {
        ApiClient.Response created = send("POST", "/assistants", Map.of("graph_id", "default", "name", "Brief",
                "config", Map.of("configurable", Map.of("system_prompt", "Be brief.", "max_iterations", 3)),
                "metadata", Map.of("team", "a")));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.json().get("assistant_id").asString();
        assertThat(created.json().get("version").asInt()).isEqualTo(1);
        JsonNode updated = send("PATCH", "/assistants/" + id, Map.of("metadata", Map.of("stage", "two"),
                "config", Map.of("configurable", Map.of("system_prompt", "Be very brief.")))).json();
        assertThat(updated.get("version").asInt()).isEqualTo(2);
        assertThat(updated.get("metadata").get("team").asString()).isEqualTo("a");
        assertThat(updated.get("name").asString()).isEqualTo("Brief");
        JsonNode versions = send("POST", "/assistants/" + id + "/versions", Map.of()).json();
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(2);
        assertThat(send("POST", "/assistants/" + id + "/latest", Map.of("version", 1)).json().get("version").asInt())
                .isEqualTo(1);

        String thread = send("POST", "/threads", Map.of()).json().get("thread_id").asString();
        ApiClient.Response run = send("POST", "/threads/" + thread + "/runs/wait", Map.of("assistant_id", id, "input", input("hello")));
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        String runId = run.header("Content-Location").substring(run.header("Content-Location").lastIndexOf('/') + 1);
        assertThat(send("GET", "/threads/" + thread + "/runs/" + runId, null).json().get("assistant_id").asString()).isEqualTo(id);
        // the run is accounted to the assistant, as an agent of its own name
        assertThat(api.get("/tasks/" + runId, "service-key").json().get("result").get("agent").asString()).isEqualTo(id);

        assertThat(send("GET", "/assistants/" + id, null, "alice-key").status()).isEqualTo(404);
        assertThat(send("POST", "/assistants/search", Map.of("metadata", Map.of("team", "a")), "alice-key").json()).isEmpty();
        assertThat(send("POST", "/assistants", Map.of("graph_id", "default", "assistant_id", id)).status()).isEqualTo(409);
        assertThat(send("POST", "/assistants", Map.of("graph_id", "no-such-agent")).status()).isEqualTo(404);
        assertThat(send("POST", "/assistants", Map.of("graph_id", "default",
                "config", Map.of("configurable", Map.of("tools", List.of("no_such_tool"))))).status()).isEqualTo(422);
        assertThat(send("DELETE", "/assistants/" + id, null).status()).isEqualTo(204);
        assertThat(send("GET", "/assistants/" + id, null).status()).isEqualTo(404);
    }

    @Test
    void storeItemsAreTheUsersMemories() {
        assertThat(send("PUT", "/store/items", Map.of("namespace", List.of("notes", "work"), "key", "a",
                "value", Map.of("kind", "todo", "text", "write the quarterly report"))).status()).isEqualTo(204);
        send("PUT", "/store/items", Map.of("namespace", List.of("notes", "home"), "key", "b",
                "value", Map.of("kind", "idea", "text", "plant tomatoes")));
        JsonNode item = send("GET", "/store/items?namespace=notes.work&key=a", null).json();
        assertThat(item.get("value").get("kind").asString()).isEqualTo("todo");
        assertThat(item.get("namespace")).hasSize(2);
        JsonNode all = send("POST", "/store/items/search", Map.of("namespace_prefix", List.of("notes"))).json().get("items");
        assertThat(all).hasSize(2);
        JsonNode found = send("POST", "/store/items/search", Map.of("namespace_prefix", List.of("notes"), "query", "report"))
                .json().get("items");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).get("key").asString()).isEqualTo("a");
        assertThat(send("POST", "/store/items/search", Map.of("namespace_prefix", List.of("notes"),
                "filter", Map.of("kind", "idea"))).json().get("items").get(0).get("key").asString()).isEqualTo("b");
        assertThat(send("POST", "/store/namespaces", Map.of("prefix", List.of("notes"), "max_depth", 1)).json()
                .get("namespaces")).hasSize(1);
        // the same items are the user's memories on Agentry's own API
        assertThat(api.get("/memories/notes.work/a?user_id=" + user, "service-key").status()).isEqualTo(200);
        assertThat(send("GET", "/store/items?namespace=notes.work&key=a", null, "alice-key").body()).isEqualTo("null");
        assertThat(send("DELETE", "/store/items", Map.of("namespace", List.of("notes", "work"), "key", "a")).status())
                .isEqualTo(204);
        assertThat(send("GET", "/store/items?namespace=notes.work&key=a", null).body()).isEqualTo("null");
        assertThat(send("PUT", "/store/items", Map.of("namespace", List.of("notes"), "key", "c", "value", "text")).status())
                .isEqualTo(422);
    }

    @Test
    void aCronIsAScheduleAndItsTicksAreRunsOnItsThread() {
        String thread = send("POST", "/threads", Map.of()).json().get("thread_id").asString();
        ApiClient.Response created = send("POST", "/threads/" + thread + "/runs/crons", Map.of("assistant_id", "default",
                "schedule", "0 9 * * *", "input", input("good morning"), "metadata", Map.of("tag", user)));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String cronId = created.json().get("cron_id").asString();
        assertThat(created.json().get("schedule").asString()).isEqualTo("0 9 * * *");
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        JsonNode schedule = api.get("/schedules/" + cronId, "service-key").json();
        assertThat(schedule.get("cron").asString()).isEqualTo("0 0 9 * * *");
        assertThat(send("POST", "/runs/crons/count", Map.of("thread_id", thread)).body()).isEqualTo("1");
        JsonNode paused = send("PATCH", "/runs/crons/" + cronId, Map.of("enabled", false, "schedule", "15 10 * * *")).json();
        assertThat(paused.get("enabled").asBoolean()).isFalse();
        assertThat(paused.get("schedule").asString()).isEqualTo("15 10 * * *");
        assertThat(send("POST", "/runs/crons/search", Map.of("enabled", false, "metadata", Map.of("tag", user))).json())
                .hasSize(1);
        assertThat(send("POST", "/runs/crons/search", Map.of("metadata", Map.of("tag", user)), "alice-key").json()).isEmpty();
        assertThat(send("DELETE", "/runs/crons/" + cronId, null, "alice-key").status()).isEqualTo(404);
        assertThat(send("DELETE", "/runs/crons/" + cronId, null).status()).isEqualTo(204);
        assertThat(api.get("/schedules/" + cronId, "service-key").status()).isEqualTo(404);
        assertThat(send("POST", "/runs/crons", Map.of("assistant_id", "default", "schedule", "not a schedule",
                "input", input("never"))).status()).isEqualTo(422);
    }

    @Test
    void deletingAThreadDeletesItsCronsAndTheirSchedules() {
        String thread = send("POST", "/threads", Map.of()).json().get("thread_id").asString();
        String cron = send("POST", "/threads/" + thread + "/runs/crons", Map.of("assistant_id", "default",
                "schedule", "0 9 * * *", "input", input("good morning"))).json().get("cron_id").asString();
        String stateless = send("POST", "/runs/crons", Map.of("assistant_id", "default",
                "schedule", "0 9 * * *", "input", input("good morning"))).json().get("cron_id").asString();

        assertThat(send("DELETE", "/threads/" + thread, null).status()).isEqualTo(204);

        assertThat(api.get("/schedules/" + cron, "service-key").status()).isEqualTo(404);
        assertThat(send("DELETE", "/runs/crons/" + cron, null).status()).isEqualTo(404);
        // another cron of the same user is not touched
        assertThat(api.get("/schedules/" + stateless, "service-key").status()).isEqualTo(200);
    }

    @Test
    void erasingAUserErasesTheirThreadsAssistantsAndCrons() {
        String thread = send("POST", "/threads", Map.of()).json().get("thread_id").asString();
        String assistant = send("POST", "/assistants", Map.of("graph_id", "default")).json().get("assistant_id").asString();
        String cron = send("POST", "/threads/" + thread + "/runs/crons", Map.of("assistant_id", "default",
                "schedule", "0 9 * * *", "input", input("good morning"))).json().get("cron_id").asString();
        ApiClient.Response erased = api.send(api.request("/users/" + user, "admin-key").DELETE().build());
        assertThat(erased.status()).as(erased.body()).isEqualTo(200);
        assertThat(erased.json().at("/deleted/langgraph_threads").asInt()).isEqualTo(1);
        assertThat(erased.json().at("/deleted/langgraph_assistants").asInt()).isEqualTo(1);
        assertThat(send("GET", "/threads/" + thread, null).status()).isEqualTo(404);
        assertThat(send("GET", "/assistants/" + assistant, null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/runs/crons/" + cron, null).status()).isEqualTo(404);
    }
}
