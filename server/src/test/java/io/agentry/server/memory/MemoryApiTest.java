package io.agentry.server.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The memory API over real HTTP: CRUD, paging, search, users kept apart, TTL, validation. */
@AgentryServerTest
class MemoryApiTest {

    @LocalServerPort
    int port;
    ApiClient api;
    String user;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        user = "mem-" + UUID.randomUUID();
    }

    private ApiClient.Response put(String path, String key, Object body) {
        return api.send(api.request(path, key).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(body))).build());
    }

    private ApiClient.Response delete(String path, String key) {
        return api.send(api.request(path, key).DELETE().build());
    }

    private String as(String path) {
        return path + (path.contains("?") ? "&" : "?") + "user_id=" + user;
    }

    @Test
    void anItemIsCreatedReadReplacedAndDeleted() {
        ApiClient.Response created = api.send(api.request(as("/memories/prefs/colour"), "service-key")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"value\": {\"favourite\": \"teal\", \"shades\": [\"light\", \"dark\"], \"n\": 2}, \"ttl_seconds\": 3600}"))
                .build());

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("location")).isEqualTo("/memories/prefs/colour");
        JsonNode item = created.json();
        assertThat(item.get("namespace").asString()).isEqualTo("prefs");
        assertThat(item.get("key").asString()).isEqualTo("colour");
        assertThat(item.get("value").get("favourite").asString()).isEqualTo("teal");
        assertThat(item.get("value").get("shades").get(1).asString()).isEqualTo("dark");
        // without a text, search matches the value's strings
        assertThat(item.get("text").asString()).isEqualTo("teal light dark");
        assertThat(item.get("expires_at").asString()).isNotBlank();

        JsonNode read = api.get(as("/memories/prefs/colour"), "service-key").json();
        assertThat(read).isEqualTo(item);

        ApiClient.Response replaced = put(as("/memories/prefs/colour"), "service-key",
                Map.of("value", "navy", "text", "my favourite colour is navy"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("value").asString()).isEqualTo("navy");
        assertThat(replaced.json().get("created_at").asString()).isEqualTo(item.get("created_at").asString());
        assertThat(replaced.json().has("expires_at")).isFalse();

        assertThat(delete(as("/memories/prefs/colour"), "service-key").status()).isEqualTo(204);
        ApiClient.Response gone = api.get(as("/memories/prefs/colour"), "service-key");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.header("content-type")).startsWith("application/problem+json");
        assertThat(delete(as("/memories/prefs/colour"), "service-key").status()).isEqualTo(404);
    }

    @Test
    void aNamespaceIsListedInKeyOrderPageByPage() {
        for (String key : List.of("c", "a", "e", "b", "d")) {
            put(as("/memories/notes/" + key), "service-key", Map.of("value", key));
        }
        put(as("/memories/other/x"), "service-key", Map.of("value", "x"));

        List<String> keys = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(as("/memories/notes?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)), "service-key").json();
            page.get("items").forEach(i -> keys.add(i.get("key").asString()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asString();
            pages++;
        } while (cursor != null);

        assertThat(keys).containsExactly("a", "b", "c", "d", "e");
        assertThat(pages).isEqualTo(3);
        assertThat(api.get(as("/memories/empty"), "service-key").json().get("items")).isEmpty();
    }

    @Test
    void searchRanksTheBestMatchFirst() {
        put(as("/memories/notes/colour"), "service-key", Map.of("value", "c", "text", "my favourite colour is blue"));
        put(as("/memories/notes/whales"), "service-key", Map.of("value", "w", "text", "blue whales in a blue sea"));
        put(as("/memories/notes/food"), "service-key", Map.of("value", "f", "text", "favourite food is pizza"));
        put(as("/memories/work/deadline"), "service-key", Map.of("value", "d", "text", "the deadline is in March"));

        JsonNode results = api.postJson("/memories/search", "service-key",
                Map.of("query", "favourite colour blue", "user_id", user)).json().get("results");

        assertThat(results).extracting(r -> r.get("key").asString()).containsExactly("colour", "whales", "food");
        assertThat(results.get(0).get("score").asDouble()).isGreaterThan(results.get(1).get("score").asDouble());
        assertThat(results.get(0).get("text").asString()).isEqualTo("my favourite colour is blue");
        JsonNode limited = api.postJson("/memories/search", "service-key",
                Map.of("query", "favourite colour blue", "user_id", user, "limit", 1, "namespace", "notes")).json();
        assertThat(limited.get("results")).extracting(r -> r.get("key").asString()).containsExactly("colour");
        assertThat(api.postJson("/memories/search", "service-key", Map.of("query", "the of", "user_id", user))
                .json().get("results")).isEmpty();
    }

    @Test
    void usersOnlyEverReachTheirOwnItems() {
        put("/memories/prefs/secret", "alice-key", Map.of("value", "alice's secret", "text", "hidden treasure"));
        put("/memories/prefs/secret?user_id=bob", "service-key", Map.of("value", "bob's secret", "text", "bob treasure"));

        assertThat(api.get("/memories/prefs/secret", "alice-key").json().get("value").asString()).isEqualTo("alice's secret");
        assertThat(api.get("/memories/prefs/secret?user_id=bob", "service-key").json().get("value").asString())
                .isEqualTo("bob's secret");
        // alice's key cannot act for bob
        assertThat(api.get("/memories/prefs/secret?user_id=bob", "alice-key").status()).isEqualTo(403);
        // carol sees nothing of either
        assertThat(api.get("/memories/prefs/secret?user_id=carol", "service-key").status()).isEqualTo(404);
        assertThat(delete("/memories/prefs/secret?user_id=carol", "service-key").status()).isEqualTo(404);
        assertThat(api.get("/memories/prefs?user_id=carol", "service-key").json().get("items")).isEmpty();
        assertThat(api.postJson("/memories/search", "service-key", Map.of("query", "treasure", "user_id", "carol"))
                .json().get("results")).isEmpty();
        JsonNode alices = api.postJson("/memories/search", "alice-key", Map.of("query", "treasure")).json().get("results");
        assertThat(alices).extracting(r -> r.get("value").asString()).containsExactly("alice's secret");
        // a service key must say whose memory it means
        assertThat(api.get("/memories/prefs/secret", "service-key").status()).isEqualTo(422);
        assertThat(api.get("/memories/prefs/secret", null).status()).isEqualTo(401);
    }

    @Test
    void anExpiredItemDisappearsAtOnce() {
        put(as("/memories/notes/soon"), "service-key", Map.of("value", "fleeting", "ttl_seconds", 1));
        assertThat(api.get(as("/memories/notes/soon"), "service-key").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> api.get(as("/memories/notes/soon"), "service-key").status() == 404);
        assertThat(api.get(as("/memories/notes"), "service-key").json().get("items")).isEmpty();
        assertThat(api.postJson("/memories/search", "service-key", Map.of("query", "fleeting", "user_id", user))
                .json().get("results")).isEmpty();
        // writing it again creates it anew
        assertThat(put(as("/memories/notes/soon"), "service-key", Map.of("value", "again")).status()).isEqualTo(201);
    }

    @Test
    void badInputIsAProblemNamingTheFields() {
        ApiClient.Response badAddress = put(as("/memories/bad%20space/-dash"), "service-key", Map.of("value", 1));
        assertThat(badAddress.status()).isEqualTo(422);
        assertThat(badAddress.header("content-type")).startsWith("application/problem+json");
        assertThat(badAddress.json().get("errors")).extracting(e -> e.get("field").asString()).containsExactly("namespace", "key");

        ApiClient.Response badBody = put(as("/memories/notes/k"), "service-key",
                Map.of("text", "x".repeat(10_001), "ttl_seconds", 0));
        assertThat(badBody.status()).isEqualTo(422);
        assertThat(badBody.json().get("errors")).extracting(e -> e.get("field").asString())
                .containsExactly("value", "text", "ttl_seconds");

        ApiClient.Response tooBig = put(as("/memories/notes/k"), "service-key", Map.of("value", "x".repeat(70_000)));
        assertThat(tooBig.status()).isEqualTo(422);
        assertThat(tooBig.json().get("detail").asString()).contains("value must be at most 65536 bytes of JSON");

        assertThat(put(as("/memories/notes/" + "k".repeat(201)), "service-key", Map.of("value", 1)).status()).isEqualTo(422);
        assertThat(api.get(as("/memories/notes?limit=101"), "service-key").status()).isEqualTo(422);
        ApiClient.Response badSearch = api.postJson("/memories/search", "service-key",
                Map.of("query", " ", "user_id", user, "limit", 0));
        assertThat(badSearch.json().get("errors")).extracting(e -> e.get("field").asString()).containsExactly("query", "limit");
        ApiClient.Response malformed = api.send(api.request(as("/memories/notes/k"), "service-key")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"value\":")).build());
        assertThat(malformed.status()).isEqualTo(400);
        ApiClient.Response wrongType = put(as("/memories/notes/k"), "service-key", Map.of("value", 1, "ttl_seconds", "soon"));
        assertThat(wrongType.status()).isEqualTo(422);
        // nothing was written by any of these
        assertThat(api.get(as("/memories/notes"), "service-key").json().get("items")).isEmpty();
    }
}
