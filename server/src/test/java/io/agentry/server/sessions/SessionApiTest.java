package io.agentry.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The session routes over real HTTP: listing, reading, deleting, who sees what, and refused input. */
@AgentryServerTest
class SessionApiTest {

    @LocalServerPort
    int port;
    ApiClient api;
    String user;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        user = "sessions-" + UUID.randomUUID();
    }

    /** Runs a message as {@code userId} (with the service key), in {@code sessionId} or a new session; its id. */
    private String run(String userId, String sessionId, String message) {
        Map<String, Object> body = new HashMap<>(Map.of("message", message, "user_id", userId));
        if (sessionId != null) {
            body.put("session_id", sessionId);
        }
        ApiClient.Response response = api.postJson("/run", "service-key", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("session_id").asString();
    }

    private ApiClient.Response delete(String path, String key) {
        return api.send(api.request(path, key).DELETE().build());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("sessions").forEach(s -> ids.add(s.get("session_id").asString()));
        return ids;
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void theCallersSessionsAreListedNewestFirstInPages() {
        String first = run(user, null, "hello");
        String second = run(user, null, "what is 17*23?");
        String third = run(user, null, "hi again");
        run(user, first, "what did I say?");

        JsonNode page1 = api.get("/sessions?limit=2&user_id=" + user, "service-key").json();
        assertThat(ids(page1)).containsExactly(third, second);
        JsonNode newest = page1.get("sessions").get(0);
        assertThat(newest.get("user_id").asString()).isEqualTo(user);
        assertThat(newest.get("message_count").asLong()).isEqualTo(2);
        assertThat(newest.get("created_at").asString()).isNotBlank();
        assertThat(page1.get("sessions").get(1).get("message_count").asLong()).as("question, tool call, result, answer")
                .isEqualTo(4);
        String cursor = page1.get("next_cursor").asString();

        JsonNode page2 = api.get("/sessions?limit=2&user_id=" + user + "&cursor=" + encoded(cursor), "service-key").json();
        assertThat(ids(page2)).containsExactly(first);
        JsonNode oldest = page2.get("sessions").get(0);
        assertThat(oldest.get("message_count").asLong()).isEqualTo(4);
        assertThat(Instant.parse(oldest.get("updated_at").asString())).isAfter(Instant.parse(oldest.get("created_at").asString()));
        assertThat(page2.get("next_cursor").isNull()).isTrue();
        assertThat(ids(api.get("/sessions?user_id=" + user, "service-key").json())).containsExactly(third, second, first);
    }

    @Test
    void aPageGoesOnAfterTheSessionItsCursorNamesWasDeleted() {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sessions.add(run(user, null, "hello " + i));
        }
        JsonNode page1 = api.get("/sessions?limit=1&user_id=" + user, "service-key").json();
        assertThat(ids(page1)).containsExactly(sessions.get(2));
        assertThat(delete("/sessions/" + sessions.get(2), "service-key").status()).isEqualTo(204);

        JsonNode page2 = api.get("/sessions?limit=5&user_id=" + user + "&cursor=" + encoded(page1.get("next_cursor").asString()),
                "service-key").json();
        assertThat(ids(page2)).containsExactly(sessions.get(1), sessions.get(0));
    }

    @Test
    void aSessionShowsItsMessagesOldestFirstWithToolCallsInPagesOrNewestFirst() {
        String session = run(user, null, "what is 17*23?");
        run(user, session, "what did I say?");

        ApiClient.Response response = api.get("/sessions/" + session, "service-key");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode whole = response.json();
        assertThat(whole.get("session_id").asString()).isEqualTo(session);
        assertThat(whole.get("user_id").asString()).isEqualTo(user);
        assertThat(whole.get("message_count").asLong()).isEqualTo(6);
        JsonNode messages = whole.get("messages");
        assertThat(messages).hasSize(6);
        assertThat(whole.get("next_cursor").isNull()).isTrue();
        List<String> roles = new ArrayList<>();
        messages.forEach(m -> roles.add(m.get("role").asString()));
        assertThat(roles).containsExactly("user", "assistant", "tool", "assistant", "user", "assistant");
        assertThat(messages.get(0).get("content").asString()).isEqualTo("what is 17*23?");
        JsonNode call = messages.get(1).get("tool_calls").get(0);
        assertThat(call.get("name").asString()).isEqualTo("calculator");
        assertThat(call.get("arguments").asString()).contains("17*23");
        assertThat(messages.get(1).has("content")).as("a message that only calls a tool has no text").isFalse();
        assertThat(messages.get(2).get("tool_call_id").asString()).isEqualTo(call.get("id").asString());
        assertThat(messages.get(2).get("tool_name").asString()).isEqualTo("calculator");
        assertThat(messages.get(2).get("content").asString()).isEqualTo("391");
        assertThat(messages.get(3).get("content").asString()).contains("391");
        assertThat(messages.get(5).get("content").asString()).isEqualTo("Earlier you said: \"what is 17*23?\".");
        assertThat(messages.get(0).get("id").asLong()).isLessThan(messages.get(5).get("id").asLong());
        assertThat(messages.get(5).get("created_at").asString()).isNotBlank();

        JsonNode page1 = api.get("/sessions/" + session + "?limit=4", "service-key").json();
        assertThat(page1.get("messages")).containsExactly(messages.get(0), messages.get(1), messages.get(2), messages.get(3));
        assertThat(page1.get("message_count").asLong()).isEqualTo(6);
        JsonNode page2 = api.get("/sessions/" + session + "?limit=4&cursor=" + page1.get("next_cursor").asString(),
                "service-key").json();
        assertThat(page2.get("messages")).containsExactly(messages.get(4), messages.get(5));
        assertThat(page2.get("next_cursor").isNull()).isTrue();

        JsonNode newest = api.get("/sessions/" + session + "?order=desc&limit=4", "service-key").json();
        assertThat(newest.get("messages")).containsExactly(messages.get(5), messages.get(4), messages.get(3), messages.get(2));
        JsonNode older = api.get("/sessions/" + session + "?order=desc&limit=4&cursor=" + newest.get("next_cursor").asString(),
                "service-key").json();
        assertThat(older.get("messages")).containsExactly(messages.get(1), messages.get(0));
    }

    @Test
    void aKeyBoundToAUserSeesOnlyThatUsersSessionsAndAnotherUsersSessionIsNotFound() {
        String alices = run("alice", null, "alice's secret");
        String others = run(user, null, "someone else's secret");

        JsonNode listed = api.get("/sessions?limit=100", "alice-key").json();
        listed.get("sessions").forEach(s -> assertThat(s.get("user_id").asString()).isEqualTo("alice"));
        assertThat(ids(listed)).contains(alices).doesNotContain(others);
        assertThat(api.get("/sessions?user_id=alice", "alice-key").status()).isEqualTo(200);
        assertThat(api.get("/sessions?user_id=" + user, "alice-key").status()).isEqualTo(403);

        assertThat(api.get("/sessions/" + alices, "alice-key").status()).isEqualTo(200);
        ApiClient.Response foreign = api.get("/sessions/" + others, "alice-key");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.header("content-type")).startsWith("application/problem+json");
        assertThat(foreign.body()).doesNotContain("secret").doesNotContain(user);
        assertThat(foreign.json().get("detail").asString())
                .isEqualTo(api.get("/sessions/no-such-session", "alice-key").json().get("detail").asString()
                        .replace("no-such-session", others));
        assertThat(delete("/sessions/" + others, "alice-key").status()).isEqualTo(404);
        assertThat(api.get("/sessions/" + others, "service-key").json().get("message_count").asLong()).isEqualTo(2);
    }

    @Test
    void anAdminKeySeesEveryUsersSessionsOrOneUsersAndAServiceKeyMustNameTheUser() {
        String mine = run(user, null, "hello");
        String other = "sessions-other-" + UUID.randomUUID();
        String theirs = run(other, null, "hello");

        List<String> everyone = new ArrayList<>();
        List<String> users = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/sessions?limit=100" + (cursor == null ? "" : "&cursor=" + encoded(cursor)), "admin-key")
                    .json();
            everyone.addAll(ids(page));
            page.get("sessions").forEach(s -> users.add(s.get("user_id").asString()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
        } while (cursor != null);
        assertThat(everyone).contains(mine, theirs).doesNotHaveDuplicates();
        assertThat(users).contains(user, other);

        assertThat(ids(api.get("/sessions?user_id=" + other, "admin-key").json())).containsExactly(theirs);
        assertThat(api.get("/sessions/" + theirs, "admin-key").status()).isEqualTo(200);

        ApiClient.Response anonymous = api.get("/sessions", "service-key");
        assertThat(anonymous.status()).isEqualTo(422);
        assertThat(anonymous.body()).contains("user_id");
        assertThat(api.get("/sessions", null).status()).isEqualTo(401);
        assertThat(api.get("/sessions/" + mine, "wrong-key").status()).isEqualTo(401);
    }

    @Test
    void aDeletedSessionIsGoneWithItsMessagesWhileItsRunsStayInTheLedger() {
        String session = run(user, null, "what is 17*23?");

        assertThat(delete("/sessions/" + session, "service-key").status()).isEqualTo(204);
        assertThat(api.get("/sessions/" + session, "service-key").status()).isEqualTo(404);
        assertThat(delete("/sessions/" + session, "service-key").status()).as("already deleted").isEqualTo(404);
        assertThat(ids(api.get("/sessions?user_id=" + user, "service-key").json())).isEmpty();
        assertThat(api.get("/usage?user_id=" + user, "service-key").json().get("total").get("runs").asLong()).isEqualTo(1);

        // the id starts afresh, without the old history
        run(user, session, "what did I say?");
        JsonNode again = api.get("/sessions/" + session, "service-key").json();
        assertThat(again.get("message_count").asLong()).isEqualTo(2);
        assertThat(again.get("messages").get(1).get("content").asString()).doesNotContain("17*23");
    }

    @Test
    void badCursorsLimitsAndOrdersAre422NamingTheParameter() {
        String session = run(user, null, "hello");
        for (String query : List.of("cursor=not-a-cursor", "cursor=%00", "cursor=" + encoded("2026-01-01T00:00:00Z"),
                "cursor=bm90IGEgdGltZQ", "limit=0", "limit=101")) {
            ApiClient.Response response = api.get("/sessions?user_id=" + user + "&" + query, "service-key");
            assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(422);
            assertThat(response.header("content-type")).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(query.split("=")[0]);
        }
        String listCursor = "MjAyNi0wMS0wMVQwMDowMDowMFogeA";  // a cursor of GET /sessions is not one of messages
        for (String query : List.of("cursor=abc", "cursor=%00", "cursor=0", "cursor=-5", "cursor=" + listCursor,
                "limit=0", "order=newest")) {
            ApiClient.Response response = api.get("/sessions/" + session + "?" + query, "service-key");
            assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(422);
            assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(query.split("=")[0]);
        }
        assertThat(api.get("/sessions?user_id=" + encoded("a\u0001b"), "service-key").status()).isEqualTo(422);
    }

    @Test
    void theRoutesAreDocumentedWithTheirOperationIdsStatusesAndFieldDescriptions() {
        JsonNode doc = api.get("/openapi.json", null).json();
        JsonNode paths = doc.get("paths");
        assertThat(paths.get("/sessions").get("get").get("operationId").asString()).isEqualTo("listSessions");
        JsonNode get = paths.get("/sessions/{id}").get("get");
        assertThat(get.get("operationId").asString()).isEqualTo("getSession");
        assertThat(get.get("responses").propertyNames()).contains("200", "401", "404", "422");
        JsonNode delete = paths.get("/sessions/{id}").get("delete");
        assertThat(delete.get("operationId").asString()).isEqualTo("deleteSession");
        assertThat(delete.get("responses").propertyNames()).contains("204", "404").doesNotContain("200");
        JsonNode erase = paths.get("/users/{user_id}").get("delete");
        assertThat(erase.get("operationId").asString()).isEqualTo("eraseUser");
        assertThat(erase.get("responses").propertyNames()).contains("200", "403", "409", "422");
        assertThat(erase.get("responses").get("403").get("content").propertyNames()).contains("application/problem+json");
        JsonNode schemas = doc.get("components").get("schemas");
        for (String schema : List.of("SessionView", "SessionDetail", "MessageView", "ToolCallView", "Erasure", "Deleted")) {
            schemas.get(schema).get("properties").properties().forEach(field -> assertThat(field.getValue().has("description")
                    || field.getValue().has("$ref")).as(schema + "." + field.getKey()).isTrue());
        }
    }
}
