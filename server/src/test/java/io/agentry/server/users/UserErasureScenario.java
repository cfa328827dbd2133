package io.agentry.server.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ApiClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code DELETE /users/{user_id}} end to end, on a server of its own (one backend per subclass, a store no other
 * test writes to, so the ledger's totals are this test's): two users with sessions, memory, schedules, finished and
 * running tasks and streamed runs; one is erased; every route then answers as if they had never been there, the
 * store holds nothing of theirs, the other user is untouched, and the usage ledger sums to the same figures.
 */
abstract class UserErasureScenario {

    private static final Pattern RUN_ID = Pattern.compile("\"run_id\":\"([^\"]+)\"");
    private static final String ALL_TIME = "from=2000-01-01&to=2100-01-01";

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    ApiClient api;

    /** What one user was given, and the marker word every text of theirs holds. */
    private record Footprint(String user, String marker, List<String> sessions, String streamedRun, String schedule,
                             String finishedTask, String runningTask) {
    }

    private ApiClient.Response delete(String path, String key) {
        return api.send(api.request(path, key).DELETE().build());
    }

    private ApiClient.Response ok(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    private Footprint footprint(String user, boolean withRunningTask) {
        String marker = "zq" + UUID.randomUUID().toString().replace("-", "");
        List<String> sessions = new ArrayList<>();
        JsonNode run = ok(api.postJson("/run", "service-key", Map.of("message", "what is 17*23? " + marker, "user_id", user)),
                200).json();
        sessions.add(run.get("session_id").asString());
        ok(api.postJson("/run", "service-key", Map.of("message", "what did I say? " + marker, "user_id", user,
                "session_id", sessions.getFirst())), 200);

        String streamed = ok(api.postJson("/run", "service-key", Map.of("message", "hello " + marker, "user_id", user,
                "stream", true)), 200).body();
        Matcher runId = RUN_ID.matcher(streamed);
        assertThat(runId.find()).as(streamed).isTrue();
        assertThat(ok(api.get("/runs/" + runId.group(1) + "/events", "admin-key"), 200).body()).contains(marker);

        ok(api.send(api.request("/memories/notes/" + marker + "?user_id=" + user, "service-key")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"value\":{\"note\":\"" + marker + "\"}}")).build()), 201);
        String schedule = ok(api.postJson("/schedules", "service-key", Map.of("cron", "0 0 9 1 1 *", "message",
                "yearly report " + marker, "user_id", user)), 201).json().get("schedule_id").asString();

        String finished = ok(api.postJson("/tasks", "service-key", Map.of("message", "what is 6*7? " + marker, "user_id", user)),
                202).json().get("task_id").asString();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "completed".equals(api.get("/tasks/" + finished, "service-key").json().get("status").asString()));
        sessions.add(api.get("/tasks/" + finished, "service-key").json().get("session_id").asString());

        String running = null;
        if (withRunningTask) {
            running = ok(api.postJson("/tasks", "service-key", Map.of("message", "take your time " + marker, "user_id", user,
                    "agent", "sleepy")), 202).json().get("task_id").asString();
            String id = running;
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "running".equals(api.get("/tasks/" + id, "service-key").json().get("status").asString()));
        }
        return new Footprint(user, marker, sessions, runId.group(1), schedule, finished, running);
    }

    /** The ledger over all time: the total, and each user's line. */
    private JsonNode usageByUser() {
        return ok(api.get("/usage?group_by=user&" + ALL_TIME, "admin-key"), 200).json();
    }

    private static JsonNode line(JsonNode usage, String user) {
        for (JsonNode group : usage.get("groups")) {
            if (group.get("key").asString().equals(user)) {
                return group;
            }
        }
        return null;
    }

    /** Everything the API shows of the user, as one JSON text per route. */
    private List<String> everythingShownOf(Footprint f) {
        List<String> shown = new ArrayList<>();
        shown.add(api.get("/sessions?user_id=" + f.user(), "admin-key").body());
        for (String session : f.sessions()) {
            shown.add(api.get("/sessions/" + session, "service-key").body());
        }
        shown.add(api.get("/memories/notes?user_id=" + f.user(), "service-key").body());
        shown.add(api.get("/schedules?user_id=" + f.user(), "service-key").body());
        shown.add(api.get("/schedules/" + f.schedule(), "service-key").body());
        shown.add(api.get("/tasks?user_id=" + f.user(), "service-key").body());
        shown.add(api.get("/tasks/" + f.finishedTask(), "service-key").body());
        shown.add(api.get("/runs/" + f.streamedRun() + "/events", "admin-key").body());
        shown.add(api.get("/tasks/" + f.finishedTask() + "/events", "admin-key").body());
        return shown;
    }

    /** Rows of the store that name the user or hold their marker word, table by table. */
    private Map<String, Long> rowsOf(Footprint f) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Map<String, Long> rows = new HashMap<>();
        for (String table : List.of("runs", "sessions", "tasks", "schedules", "memories", "run_journal")) {
            rows.put(table, jdbc.sql("select count(*) from " + table + " where user_id = ?").param(f.user())
                    .query(Long.class).single());
        }
        String like = "%" + f.marker() + "%";
        rows.put("session_messages", jdbc.sql("select count(*) from session_messages where message like ?").param(like)
                .query(Long.class).single());
        rows.put("task texts", jdbc.sql("select count(*) from tasks where message like ? or result like ?")
                .params(like, like).query(Long.class).single());
        rows.put("runs by session", jdbc.sql("select count(*) from runs where session_id in (?, ?)")
                .params(f.sessions().get(0), f.sessions().get(1)).query(Long.class).single());
        return rows;
    }

    @Test
    void erasingAUserLeavesNothingOfTheirsAnywhereAndTheOtherUserAndTheLedgerTotalsAsTheyWere() {
        api = new ApiClient(port);
        Footprint erased = footprint("erased-" + UUID.randomUUID(), true);
        Footprint kept = footprint("kept-" + UUID.randomUUID(), false);
        List<String> keptBefore = everythingShownOf(kept);
        Map<String, Long> keptRowsBefore = rowsOf(kept);
        JsonNode sessionsBefore = api.get("/sessions?user_id=" + erased.user(), "admin-key").json();
        long messagesBefore = 0;
        for (JsonNode s : sessionsBefore.get("sessions")) {
            messagesBefore += s.get("message_count").asLong();
        }
        JsonNode ledgerBefore = usageByUser();
        JsonNode erasedBefore = line(ledgerBefore, erased.user());

        assertThat(delete("/users/" + erased.user(), "service-key").status()).as("a service key").isEqualTo(403);
        assertThat(delete("/users/" + erased.user(), "alice-key").status()).as("a bound key").isEqualTo(403);
        assertThat(delete("/users/" + erased.user(), null).status()).isEqualTo(401);
        assertThat(delete("/users/" + "x".repeat(201), "admin-key").status()).isEqualTo(422);
        assertThat(api.get("/tasks/" + erased.runningTask(), "service-key").json().get("status").asString())
                .as("refused erasures touched nothing").isEqualTo("running");

        JsonNode erasure = ok(delete("/users/" + erased.user(), "admin-key"), 200).json();

        assertThat(erasure.get("user_id").asString()).isEqualTo(erased.user());
        JsonNode deleted = erasure.get("deleted");
        assertThat(deleted.get("sessions").asInt()).isEqualTo(3);
        assertThat(deleted.get("messages").asLong()).isEqualTo(messagesBefore).isGreaterThan(0);
        assertThat(deleted.get("memory_items").asInt()).isEqualTo(1);
        assertThat(deleted.get("schedules").asInt()).isEqualTo(1);
        assertThat(deleted.get("tasks").asInt()).isEqualTo(2);
        assertThat(deleted.get("event_streams").asInt()).as("both tasks' and the streamed run's").isEqualTo(3);
        assertThat(deleted.get("journal_steps").asInt()).as("the steps of its runs").isPositive();
        assertThat(erasure.get("cancelled_tasks").asInt()).isEqualTo(1);
        // four runs: two synchronous, one streamed, the finished task's; and the running task's, recorded as it stopped
        assertThat(erasure.get("anonymised_runs").asInt()).isEqualTo(erasedBefore.get("runs").asInt() + 1).isEqualTo(5);
        String pseudonym = erasure.get("pseudonym").asString();
        assertThat(pseudonym).startsWith("erased-").isNotEqualTo(erased.user()).doesNotContain(erased.user());

        // every route answers as if the user had never been there
        assertThat(api.get("/sessions?user_id=" + erased.user(), "admin-key").json().get("sessions")).isEmpty();
        for (String session : erased.sessions()) {
            assertThat(api.get("/sessions/" + session, "admin-key").status()).isEqualTo(404);
        }
        assertThat(api.get("/memories/notes/" + erased.marker() + "?user_id=" + erased.user(), "service-key").status())
                .isEqualTo(404);
        assertThat(api.get("/memories/notes?user_id=" + erased.user(), "service-key").json().get("items")).isEmpty();
        assertThat(api.postJson("/memories/search", "service-key", Map.of("query", erased.marker(), "user_id", erased.user()))
                .json().get("results")).isEmpty();
        assertThat(api.get("/schedules?user_id=" + erased.user(), "service-key").json().get("schedules")).isEmpty();
        assertThat(api.get("/schedules/" + erased.schedule(), "admin-key").status()).isEqualTo(404);
        assertThat(api.get("/tasks?user_id=" + erased.user(), "service-key").json().get("tasks")).isEmpty();
        for (String task : List.of(erased.finishedTask(), erased.runningTask())) {
            assertThat(api.get("/tasks/" + task, "admin-key").status()).isEqualTo(404);
            assertThat(api.get("/tasks/" + task + "/events", "admin-key").status()).isEqualTo(404);
        }
        assertThat(api.get("/runs/" + erased.streamedRun() + "/events", "admin-key").status()).isEqualTo(404);
        assertThat(api.get("/usage?user_id=" + erased.user() + "&" + ALL_TIME, "admin-key").json().get("total")
                .get("runs").asLong()).isZero();
        assertThat(rowsOf(erased)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());

        // the other user is untouched
        assertThat(everythingShownOf(kept)).isEqualTo(keptBefore);
        assertThat(rowsOf(kept)).isEqualTo(keptRowsBefore);

        // the ledger keeps every figure: the erased user's under the pseudonym, the totals as they were
        JsonNode ledgerAfter = usageByUser();
        assertThat(line(ledgerAfter, erased.user())).isNull();
        JsonNode anonymous = line(ledgerAfter, pseudonym);
        // the stopped task's run is one more, unpriced (its model, sleepy, has no price) and without tokens
        for (String figure : List.of("runs", "unpriced_runs")) {
            assertThat(anonymous.get(figure).asLong()).as(figure).isEqualTo(erasedBefore.get(figure).asLong() + 1);
            assertThat(ledgerAfter.get("total").get(figure).asLong()).as(figure)
                    .isEqualTo(ledgerBefore.get("total").get(figure).asLong() + 1);
        }
        for (String figure : List.of("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "total_tokens")) {
            assertThat(anonymous.get(figure).asLong()).as(figure).isEqualTo(erasedBefore.get(figure).asLong());
            assertThat(ledgerAfter.get("total").get(figure).asLong()).as(figure)
                    .isEqualTo(ledgerBefore.get("total").get(figure).asLong());
        }
        assertThat(new BigDecimal(anonymous.get("cost_usd").asString())).isEqualByComparingTo(erasedBefore.get("cost_usd").asString());
        assertThat(new BigDecimal(ledgerAfter.get("total").get("cost_usd").asString()))
                .isEqualByComparingTo(ledgerBefore.get("total").get("cost_usd").asString());
        assertThat(line(ledgerAfter, kept.user())).isEqualTo(line(ledgerBefore, kept.user()));
        for (String grouping : List.of("day", "model", "agent")) {
            JsonNode groups = api.get("/usage?group_by=" + grouping + "&" + ALL_TIME, "admin-key").json();
            assertThat(groups.get("total").get("total_tokens").asLong()).as(grouping)
                    .isEqualTo(ledgerBefore.get("total").get("total_tokens").asLong());
        }

        // erasing again finds nothing and changes nothing
        JsonNode again = ok(delete("/users/" + erased.user(), "admin-key"), 200).json();
        assertThat(again.get("deleted").properties()).allSatisfy(e -> assertThat(e.getValue().asLong()).as(e.getKey()).isZero());
        assertThat(again.get("anonymised_runs").asInt()).isZero();
        assertThat(line(usageByUser(), pseudonym).get("runs").asLong()).isEqualTo(anonymous.get("runs").asLong());
    }
}
