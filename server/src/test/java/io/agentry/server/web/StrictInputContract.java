package io.agentry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ApiClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Input is taken as sent or refused, never coerced, and refused the same way on every store: wrong JSON
 * types, fractional or non-finite numbers, duplicate keys, NUL characters and lone surrogates, invalid
 * UTF-8, impossible cron fields and cursors this server never issued. Each refusal names the field.
 * Run on H2 and on PostgreSQL (which cannot store NUL; before, it answered 500).
 */
abstract class StrictInputContract {

    @LocalServerPort
    int port;

    ApiClient api() {
        return new ApiClient(port);
    }

    /** The answer is 422 and lists {@code field} among its errors. */
    static void assertRefused(ApiClient.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        JsonNode errors = response.json().get("errors");
        assertThat(errors).as(response.body()).isNotNull();
        assertThat(errors.findValuesAsString("field")).as(response.body()).contains(field);
    }

    private ApiClient.Response post(String path, String body) {
        return api().post(path, "service-key", body);
    }

    private ApiClient.Response put(String path, String body) {
        return api().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Api-Key", "service-key").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void textFieldsTakeOnlyText() {
        for (String path : new String[] {"/run", "/tasks"}) {
            assertRefused(post(path, "{\"message\": 123, \"user_id\": \"u\"}"), "message");
            assertRefused(post(path, "{\"message\": true, \"user_id\": \"u\"}"), "message");
            assertRefused(post(path, "{\"message\": 1.5, \"user_id\": \"u\"}"), "message");
            assertRefused(post(path, "{\"message\": \"hi\", \"user_id\": 122172}"), "user_id");
            assertRefused(post(path, "{\"message\": \"hi\", \"user_id\": false}"), "user_id");
            assertRefused(post(path, "{\"message\": \"hi\", \"user_id\": \"u\", \"session_id\": 7}"), "session_id");
            assertRefused(post(path, "{\"message\": \"hi\", \"user_id\": \"u\", \"stream\": 1}"), "stream");
        }
    }

    @Test
    void integersAreWholeAndNumbersFinite() {
        assertRefused(post("/run", "{\"message\": \"hi\", \"user_id\": \"u\", \"budget\": {\"max_tokens\": 1.5}}"), "budget.max_tokens");
        assertRefused(post("/run", "{\"message\": \"hi\", \"user_id\": \"u\", \"budget\": {\"max_tokens\": \"10\"}}"), "budget.max_tokens");
        assertRefused(post("/run", "{\"message\": \"hi\", \"user_id\": \"u\", \"budget\": {\"max_cost_usd\": 1e400}}"), "budget.max_cost_usd");
        assertRefused(post("/run", "{\"message\": \"hi\", \"user_id\": \"u\", \"metadata\": {\"x\": -1e400}}"), "metadata.x");
        assertRefused(put("/memories/notes/k1?user_id=u", "{\"value\": \"v\", \"ttl_seconds\": 1.5}"), "ttl_seconds");
        assertRefused(api().get("/tasks?user_id=u&limit=1.5", "service-key"), "limit");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertRefused(post("/run", "{\"message\": \"hi\", \"message\": \"other\", \"user_id\": \"u\"}"), "message");
    }

    @Test
    void nulAndLoneSurrogatesAreRefusedWhereverTextIsTaken() {
        assertRefused(post("/run", "{\"message\": \"a\\u0000b\", \"user_id\": \"u\"}"), "message");
        assertRefused(post("/tasks", "{\"message\": \"a\\u0000b\", \"user_id\": \"u\"}"), "message");
        assertRefused(post("/tasks", "{\"message\": \"a\\ud800b\", \"user_id\": \"u\"}"), "message");
        assertRefused(post("/tasks", "{\"message\": \"a\\udc00\", \"user_id\": \"u\"}"), "message");
        assertRefused(post("/tasks", "{\"message\": \"hi\", \"user_id\": \"u\\u0000\"}"), "user_id");
        assertRefused(post("/tasks", "{\"message\": \"hi\", \"user_id\": \"u\", \"metadata\": {\"a\": [\"x\\u0000\"]}}"), "metadata.a[0]");
        assertRefused(post("/tasks", "{\"message\": \"hi\", \"user_id\": \"u\", \"metadata\": {\"k\\u0000\": 1}}"), "metadata");
        assertRefused(post("/schedules", "{\"cron\": \"@daily\", \"message\": \"a\\u0000b\", \"user_id\": \"u\"}"), "message");
        assertRefused(put("/memories/notes/k1?user_id=u", "{\"value\": \"v\", \"text\": \"a\\u0000b\"}"), "text");
        assertRefused(put("/memories/notes/k1?user_id=u", "{\"value\": {\"note\": \"a\\u0000b\"}}"), "value.note");
        assertRefused(api().get("/tasks?user_id=u&cursor=a%00b", "service-key"), "cursor");
        assertRefused(api().get("/tasks?user_id=u%00", "service-key"), "user_id");
        assertRefused(api().get("/usage?user_id=u%00", "service-key"), "user_id");
        assertRefused(api().get("/memories/notes?user_id=u&cursor=a%00", "service-key"), "cursor");
        // a surrogate pair is a character like any other
        assertThat(post("/run", "{\"message\": \"\\ud83d\\ude00\", \"user_id\": \"u\"}").status()).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotUtf8Is400() {
        byte[] overlong = "{\"message\": \"a\u00c0\u00af\", \"user_id\": \"u\"}".getBytes(StandardCharsets.ISO_8859_1);
        ApiClient.Response response = api().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/run"))
                .header("X-Api-Key", "service-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(overlong)).build());
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).isEqualTo("The request body is not valid UTF-8");
    }

    @Test
    void cronFieldsThatNameNoDayAndForeignCursorsAreRefused() {
        assertRefused(post("/schedules", "{\"cron\": \"0 0 0 L-40 * *\", \"message\": \"hi\", \"user_id\": \"u\"}"), "cron");
        assertThat(post("/schedules", "{\"cron\": \"0 0 0 L-3 * *\", \"message\": \"hi\", \"user_id\": \"u\"}").status()).isEqualTo(201);
        for (String cursor : new String[] {"junk", "-1", "0", "01a23eac-f0d2-7036-8ea0-092a93b3317"}) {
            assertRefused(api().get("/tasks?user_id=u&cursor=" + cursor, "service-key"), "cursor");
            assertRefused(api().get("/schedules?user_id=u&cursor=" + cursor, "service-key"), "cursor");
        }
        assertThat(api().get("/tasks?user_id=u&cursor=01a23eac-f0d2-7036-8ea0-092a93b33174", "service-key").status()).isEqualTo(200);
    }

    private static String base64url(String plain) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sessionCursorsAndUserIdsAreTakenOnlyAsIssued() {
        for (String cursor : new String[] {"junk", "a%00b", "0", base64url("2026-01-01T00:00:00Z a\u0000b"),
                base64url("not-a-time x"), base64url("2026-01-01T00:00:00Z ")}) {
            assertRefused(api().get("/sessions?user_id=u&cursor=" + cursor, "service-key"), "cursor");
        }
        // a position no session holds (any more) is a cursor like another
        assertThat(api().get("/sessions?user_id=u&cursor=" + base64url("2026-01-01T00:00:00.123456Z gone"), "service-key")
                .status()).isEqualTo(200);
        String session = post("/run", "{\"message\": \"hi\", \"user_id\": \"u\"}").json().get("session_id").asString();
        for (String cursor : new String[] {"junk", "a%00b", "0", "-1", "1.5", "99999999999999999999"}) {
            assertRefused(api().get("/sessions/" + session + "?cursor=" + cursor, "service-key"), "cursor");
        }
        assertRefused(api().get("/sessions/" + session + "?limit=1.5", "service-key"), "limit");
        assertRefused(api().get("/sessions?user_id=u%00", "service-key"), "user_id");
        assertRefused(api().send(api().request("/users/" + "u".repeat(201), "admin-key").DELETE().build()), "user_id");
    }
}
