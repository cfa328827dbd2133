package io.agentry.server.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import java.time.Duration;
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

/** The schedule API over real HTTP, and schedules firing in the embedded server (api and worker in one). */
@AgentryServerTest
class ScheduleApiTest {

    @LocalServerPort
    int port;
    ApiClient api;
    String user;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
        user = "sched-" + UUID.randomUUID();
    }

    private ApiClient.Response create(String key, Map<String, Object> body) {
        return api.postJson("/schedules", key, body);
    }

    private Map<String, Object> body(String cron) {
        return new HashMap<>(Map.of("cron", cron, "message", "what is 6*7?", "user_id", user));
    }

    private ApiClient.Response delete(String path, String key) {
        return api.send(api.request(path, key).DELETE().build());
    }

    @Test
    void aCreatedScheduleShowsWhatItWillDo() {
        Map<String, Object> body = body("0 0 9 * * MON-FRI");
        body.put("time_zone", "Europe/Paris");
        body.put("catch_up", "none");
        ApiClient.Response created = create("service-key", body);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode schedule = created.json();
        String id = schedule.get("schedule_id").asString();
        assertThat(created.header("location")).isEqualTo("/schedules/" + id);
        assertThat(schedule.get("user_id").asString()).isEqualTo(user);
        assertThat(schedule.get("cron").asString()).isEqualTo("0 0 9 * * MON-FRI");
        assertThat(schedule.get("time_zone").asString()).isEqualTo("Europe/Paris");
        assertThat(schedule.get("agent").asString()).isEqualTo("default");
        assertThat(schedule.get("message").asString()).isEqualTo("what is 6*7?");
        assertThat(schedule.get("catch_up").asString()).isEqualTo("none");
        assertThat(schedule.get("status").asString()).isEqualTo("active");
        Instant next = Instant.parse(schedule.get("next_run_at").asString());
        assertThat(next).isAfter(Instant.now());
        assertThat(next.atZone(java.time.ZoneId.of("Europe/Paris")).getHour()).isEqualTo(9);
        assertThat(schedule.has("last_run_at")).isFalse();
        assertThat(api.get("/schedules/" + id, "service-key").json()).isEqualTo(schedule);

        JsonNode defaults = create("alice-key", Map.of("cron", "@daily", "message", "hello")).json();
        assertThat(defaults.get("time_zone").asString()).isEqualTo("UTC");
        assertThat(defaults.get("catch_up").asString()).isEqualTo("one");
        assertThat(defaults.get("user_id").asString()).isEqualTo("alice");
        delete("/schedules/" + defaults.get("schedule_id").asString(), "alice-key");
    }

    @Test
    void pausingAndResumingAreIdempotentAndDeletingIsFinal() {
        String id = create("service-key", body("0 */5 * * * *")).json().get("schedule_id").asString();

        JsonNode paused = api.postJson("/schedules/" + id + "/pause", "service-key", Map.of()).json();
        assertThat(paused.get("status").asString()).isEqualTo("paused");
        assertThat(paused.has("next_run_at")).isFalse();
        assertThat(api.postJson("/schedules/" + id + "/pause", "service-key", Map.of()).json().get("status").asString())
                .isEqualTo("paused");

        JsonNode resumed = api.postJson("/schedules/" + id + "/resume", "service-key", Map.of()).json();
        assertThat(resumed.get("status").asString()).isEqualTo("active");
        assertThat(Instant.parse(resumed.get("next_run_at").asString())).isAfter(Instant.now());
        assertThat(api.postJson("/schedules/" + id + "/resume", "service-key", Map.of()).json().get("next_run_at"))
                .isEqualTo(resumed.get("next_run_at"));

        assertThat(delete("/schedules/" + id, "service-key").status()).isEqualTo(204);
        assertThat(api.get("/schedules/" + id, "service-key").status()).isEqualTo(404);
        assertThat(delete("/schedules/" + id, "service-key").status()).isEqualTo(404);
        assertThat(api.postJson("/schedules/" + id + "/resume", "service-key", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void usersSeeOnlyTheirOwnSchedulesPageByPage() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create("service-key", body("0 0 " + i + " * * *")).json().get("schedule_id").asString());
        }
        JsonNode page1 = api.get("/schedules?user_id=" + user + "&limit=2", "service-key").json();
        JsonNode page2 = api.get("/schedules?user_id=" + user + "&limit=2&cursor=" + page1.get("next_cursor").asString(),
                "service-key").json();
        List<String> listed = new ArrayList<>();
        page1.get("schedules").forEach(s -> listed.add(s.get("schedule_id").asString()));
        page2.get("schedules").forEach(s -> listed.add(s.get("schedule_id").asString()));
        assertThat(listed).containsExactly(ids.get(2), ids.get(1), ids.get(0));
        assertThat(page2.get("next_cursor").isNull()).isTrue();

        // alice (a bound key) cannot see, pause, resume or delete them
        String someone = ids.getFirst();
        assertThat(api.get("/schedules/" + someone, "alice-key").status()).isEqualTo(404);
        assertThat(api.postJson("/schedules/" + someone + "/pause", "alice-key", Map.of()).status()).isEqualTo(404);
        assertThat(api.postJson("/schedules/" + someone + "/resume", "alice-key", Map.of()).status()).isEqualTo(404);
        assertThat(delete("/schedules/" + someone, "alice-key").status()).isEqualTo(404);
        assertThat(api.get("/schedules/" + someone, "service-key").json().get("status").asString()).isEqualTo("active");
        assertThat(api.get("/schedules?user_id=" + user, "alice-key").status()).isEqualTo(403);
        assertThat(api.get("/schedules", "service-key").status()).isEqualTo(422);
        ids.forEach(id -> delete("/schedules/" + id, "service-key"));
    }

    @Test
    void badSchedulesAreRefusedNamingTheField() {
        Map<String, String> expected = Map.of(
                "not a cron", "cron",
                "0 0 30 2 *", "cron",
                "61 * * * * *", "cron");
        expected.forEach((cron, field) -> {
            ApiClient.Response response = create("service-key", body(cron));
            assertThat(response.status()).as(cron).isEqualTo(422);
            assertThat(response.header("content-type")).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asString()).as(cron).isEqualTo(field);
        });
        Map<String, Object> zone = body("@hourly");
        zone.put("time_zone", "Mars/Olympus");
        assertThat(create("service-key", zone).json().get("errors").get(0).get("field").asString()).isEqualTo("time_zone");
        Map<String, Object> catchUp = body("@hourly");
        catchUp.put("catch_up", "all");
        assertThat(create("service-key", catchUp).json().get("errors").get(0).get("field").asString()).isEqualTo("catch_up");
        Map<String, Object> agent = body("@hourly");
        agent.put("agent", "nobody");
        assertThat(create("service-key", agent).json().get("errors").get(0).get("field").asString()).isEqualTo("agent");
        Map<String, Object> webhook = body("@hourly");
        webhook.put("webhook_url", "https://example.com/hook");
        assertThat(create("service-key", webhook).json().get("errors").get(0).get("field").asString()).isEqualTo("webhook_url");
        ApiClient.Response missing = create("service-key", Map.of("user_id", user));
        assertThat(missing.json().get("errors")).extracting(e -> e.get("field").asString()).containsExactlyInAnyOrder("cron", "message");
        assertThat(create("service-key", Map.of("cron", "@daily", "message", "x")).status()).isEqualTo(422);
        assertThat(api.get("/schedules?user_id=" + user, "service-key").json().get("schedules")).isEmpty();
    }

    @Test
    void aScheduleFiringEverySecondRunsTasksThatCarryItsIdIntoTheLedger() {
        String id = create("service-key", body("* * * * * *")).json().get("schedule_id").asString();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> completedTasks(id).size() >= 2);
        } finally {
            api.postJson("/schedules/" + id + "/pause", "service-key", Map.of());
        }
        JsonNode task = completedTasks(id).getFirst();
        assertThat(task.get("schedule_id").asString()).isEqualTo(id);
        assertThat(task.get("agent").asString()).isEqualTo("default");
        assertThat(task.get("result").get("content").asString()).isEqualTo("6*7 = 42");

        JsonNode schedule = api.get("/schedules/" + id, "service-key").json();
        assertThat(schedule.get("last_task_id").asString()).isNotBlank();
        assertThat(schedule.get("last_run_at").asString()).isNotBlank();

        // the ledger: runs made by the schedule, filtered and grouped
        await().atMost(Duration.ofSeconds(10)).until(() -> usage("&schedule_id=" + id).get("total").get("runs").asLong()
                >= completedTasks(id).size());
        JsonNode bySchedule = usage("&group_by=schedule");
        assertThat(bySchedule.get("groups")).anySatisfy(g -> {
            assertThat(g.get("key").asString()).isEqualTo(id);
            assertThat(g.get("runs").asLong()).isGreaterThanOrEqualTo(2);
        });
        JsonNode other = usage("&schedule_id=no-such-schedule");
        assertThat(other.get("total").get("runs").asLong()).isZero();
        delete("/schedules/" + id, "service-key");
    }

    private List<JsonNode> completedTasks(String scheduleId) {
        List<JsonNode> found = new ArrayList<>();
        api.get("/tasks?limit=100&status=completed&user_id=" + user, "service-key").json().get("tasks").forEach(t -> {
            if (t.has("schedule_id") && t.get("schedule_id").asString().equals(scheduleId)) {
                found.add(t);
            }
        });
        return found;
    }

    private JsonNode usage(String query) {
        ApiClient.Response response = api.get("/usage?user_id=" + user + query, "service-key");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
