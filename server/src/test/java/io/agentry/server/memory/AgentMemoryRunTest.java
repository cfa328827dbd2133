package io.agentry.server.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Agents with memory, through the API and the offline model: {@code remember} and {@code recall} in sync
 * and background runs, the memory API and the tools seeing the same items, the periodic purge of
 * expired items, and the history window of a session.
 */
@AgentryServerTest
@TestPropertySource(properties = {
        "agentry.agents.default.model=offline",
        "agentry.agents.assistant.model=offline",
        "agentry.agents.assistant.tools=remember,recall,calculator",
        "agentry.agents.windowed.model=offline",
        "agentry.agents.windowed.history-max-messages=2",
        "agentry.memory.cleanup-interval=200ms",
})
class AgentMemoryRunTest {

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    ApiClient api;
    String user;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        user = "agent-mem-" + UUID.randomUUID();
    }

    private JsonNode run(String userId, String agent, String message, String sessionId) {
        Map<String, Object> body = sessionId == null
                ? Map.of("message", message, "user_id", userId, "agent", agent)
                : Map.of("message", message, "user_id", userId, "agent", agent, "session_id", sessionId);
        ApiClient.Response response = api.postJson("/run", "service-key", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void anAgentRemembersForItsUserAndRecallsInALaterSession() {
        JsonNode remembered = run(user, "assistant", "Remember that my favourite colour is teal.", null);

        assertThat(remembered.get("success").asBoolean()).isTrue();
        assertThat(remembered.get("content").asString()).isEqualTo("I will remember that.");
        assertThat(remembered.get("tool_calls_made")).extracting(JsonNode::asString).containsExactly("remember");
        JsonNode items = api.get("/memories/notes?user_id=" + user, "service-key").json().get("items");
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(item.get("text").asString()).isEqualTo("my favourite colour is teal");
            assertThat(item.get("value").asString()).isEqualTo("my favourite colour is teal");
        });

        // a new session: the memory outlives it
        JsonNode recalled = run(user, "assistant", "What do you remember about my favourite colour?", null);
        assertThat(recalled.get("session_id").asString()).isNotEqualTo(remembered.get("session_id").asString());
        assertThat(recalled.get("tool_calls_made")).extracting(JsonNode::asString).containsExactly("recall");
        assertThat(recalled.get("content").asString()).isEqualTo("Here is what I remember: my favourite colour is teal.");

        JsonNode someoneElse = run(user + "-other", "assistant", "What do you remember about my favourite colour?", null);
        assertThat(someoneElse.get("content").asString()).isEqualTo("I don't remember anything about that.");
    }

    @Test
    void itemsWrittenThroughTheApiAreRecalledInABackgroundRun() {
        api.send(api.request("/memories/prefs/drink?user_id=" + user, "service-key")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\": {\"drink\": \"oolong tea\", \"sugar\": 0}}")).build());

        ApiClient.Response accepted = api.postJson("/tasks", "service-key",
                Map.of("message", "what do you remember about tea?", "user_id", user, "agent", "assistant"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String taskId = accepted.json().get("task_id").asString();

        JsonNode task = await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/tasks/" + taskId, "service-key").json(), t -> t.get("status").asString().equals("completed"));
        assertThat(task.get("result").get("content").asString()).isEqualTo("Here is what I remember: oolong tea.");
    }

    @Test
    void agentsWithoutTheToolsNeverTouchMemory() {
        JsonNode reply = run(user, "default", "remember that I like jazz", null);

        assertThat(reply.get("tool_calls_made")).isEmpty();
        assertThat(api.get("/memories/notes?user_id=" + user, "service-key").json().get("items")).isEmpty();
    }

    @Test
    void expiredItemsAreDeletedByThePeriodicJob() {
        api.send(api.request("/memories/notes/brief?user_id=" + user, "service-key")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\": \"brief\", \"ttl_seconds\": 1}")).build());
        api.send(api.request("/memories/notes/lasting?user_id=" + user, "service-key")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"value\": \"lasting\"}")).build());
        JdbcClient jdbc = JdbcClient.create(dataSource);

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("select count(*) from memories where user_id = ?")
                .param(user).query(Long.class).single() == 1);
        assertThat(jdbc.sql("select item_key from memories where user_id = ?").param(user).query(String.class).single())
                .isEqualTo("lasting");
        assertThat(jdbc.sql("select count(*) from memory_terms where user_id = ? and item_key = 'brief'").param(user)
                .query(Long.class).single()).isZero();
    }

    @Test
    void onlyTheHistoryWindowIsSentButTheSessionKeepsEverything() {
        JsonNode first = run(user, "windowed", "first message", null);
        String session = first.get("session_id").asString();
        run(user, "windowed", "second message", session);
        JsonNode third = run(user, "windowed", "third message", session);
        JsonNode unwindowed = run(user, "default", "third message", run(user, "default", "second message",
                run(user, "default", "first message", null).get("session_id").asString()).get("session_id").asString());

        // the offline model counts the user messages it was sent: the window holds only the last turn
        assertThat(third.get("content").asString()).startsWith("Offline model reply (message 2 of this session)");
        assertThat(unwindowed.get("content").asString()).startsWith("Offline model reply (message 3 of this session)");
        assertThat(JdbcClient.create(dataSource).sql("select count(*) from session_messages where session_id = ?")
                .param(session).query(Long.class).single()).isEqualTo(6);

        // estimates count what would be sent
        long windowedPrompt = api.postJson("/estimate", "service-key", Map.of("message", "fourth", "user_id", user,
                "agent", "windowed", "session_id", session)).json().get("basis").get("prompt_tokens").asLong();
        long freshPrompt = api.postJson("/estimate", "service-key", Map.of("message", "fourth", "user_id", user,
                "agent", "windowed")).json().get("basis").get("prompt_tokens").asLong();
        assertThat(windowedPrompt).isGreaterThan(freshPrompt).isLessThan(freshPrompt + 60);
    }
}
