package io.agentry.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.ServerProcess;
import io.agentry.server.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Schedules with two processes (api and worker each) on one PostgreSQL database: a schedule firing every
 * second enqueues exactly one task per tick, none while paused; and after every process was down, missed
 * ticks make one task with {@code catch_up: one} and none with {@code catch_up: none}.
 */
class ScheduledRunsIT {

    private static final String KEY = "agentry-dev-key";

    private static Map<String, String> settings(TestDatabases.PostgresDatabase db, String misfireThreshold) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "spring.datasource.url", db.url(),
                "spring.datasource.username", TestDatabases.PG_USER,
                "agentry.limits.enabled", "false",
                "agentry.worker.poll-interval", "500ms",
                "agentry.schedules.poll-interval", "250ms"));
        if (misfireThreshold != null) {
            settings.put("agentry.schedules.misfire-threshold", misfireThreshold);
        }
        return settings;
    }

    private static List<ServerProcess> startTwo(String name, Map<String, String> settings) {
        List<CompletableFuture<ServerProcess>> starting = List.of(
                CompletableFuture.supplyAsync(() -> ServerProcess.start(name + "-1", settings)),
                CompletableFuture.supplyAsync(() -> ServerProcess.start(name + "-2", settings)));
        List<ServerProcess> started = new ArrayList<>();
        try {
            for (CompletableFuture<ServerProcess> f : starting) {
                started.add(f.join());
            }
        } catch (RuntimeException e) {
            started.forEach(ServerProcess::close);
            starting.forEach(f -> f.thenAccept(ServerProcess::close));
            throw e;
        }
        return started;
    }

    /** The ticks of a schedule's tasks, from their idempotency keys ("schedule <id> <tick>"), in order. */
    private static List<Instant> ticks(JdbcClient jdbc, String scheduleId) {
        return jdbc.sql("select idempotency_key from tasks where schedule_id = ?").param(scheduleId).query(String.class)
                .list().stream().map(key -> Instant.parse(key.substring(key.lastIndexOf(' ') + 1))).sorted().toList();
    }

    private static long count(JdbcClient jdbc, String scheduleId) {
        return jdbc.sql("select count(*) from tasks where schedule_id = ?").param(scheduleId).query(Long.class).single();
    }

    private static String create(ServerProcess process, Map<String, Object> body) {
        ApiClient.Response created = process.api().postJson("/schedules", KEY, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("schedule_id").asString();
    }

    @Test
    void twoProcessesEnqueueExactlyOneTaskPerTickAndNoneWhilePaused() {
        try (TestDatabases.PostgresDatabase db = TestDatabases.postgres()) {
            List<ServerProcess> processes = startTwo("schedules", settings(db, null));
            try {
                ServerProcess first = processes.get(0);
                ServerProcess second = processes.get(1);
                JdbcClient jdbc = JdbcClient.create(db.dataSource());
                String id = create(first, Map.of("cron", "* * * * * *", "message", "what is 6*7?", "user_id", "it-user"));

                await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, id) >= 10);
                Instant pausedAt = Instant.now();
                assertThat(second.api().postJson("/schedules/" + id + "/pause", KEY, Map.of()).json().get("status").asString())
                        .isEqualTo("paused");
                // nothing while paused (a tick already being handled when the pause arrived may still land)
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() ->
                        ticks(jdbc, id).stream().noneMatch(t -> t.isAfter(pausedAt.plusSeconds(1))));
                long atPause = count(jdbc, id);

                Instant resumedAt = Instant.now();
                assertThat(first.api().postJson("/schedules/" + id + "/resume", KEY, Map.of()).json().get("status").asString())
                        .isEqualTo("active");
                await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc, id) >= atPause + 5);
                second.api().postJson("/schedules/" + id + "/pause", KEY, Map.of());

                List<Instant> ticks = ticks(jdbc, id);
                assertThat(ticks).doesNotHaveDuplicates();
                List<Instant> before = ticks.stream().filter(t -> t.isBefore(resumedAt)).toList();
                List<Instant> after = ticks.stream().filter(t -> !t.isBefore(resumedAt)).toList();
                // every second from the first tick to the pause has its task, and the same after the resume
                assertConsecutiveSeconds(before);
                assertConsecutiveSeconds(after);
                assertThat(before.getLast()).isBefore(pausedAt.plusSeconds(2));
                assertThat(after.getFirst()).isAfter(resumedAt).isBefore(resumedAt.plusSeconds(2));
                assertThat(after.size()).isGreaterThanOrEqualTo(5);

                // the tasks ran on the workers, their runs carry the schedule id into the ledger
                await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.sql(
                        "select count(*) from tasks where schedule_id = ? and status = 'completed'").param(id)
                        .query(Long.class).single() == ticks.size());
                assertThat(jdbc.sql("select count(*) from runs where schedule_id = ? and status = 'completed'").param(id)
                        .query(Long.class).single()).isEqualTo(ticks.size());
                ApiClient.Response usage = second.api().get("/usage?user_id=it-user&schedule_id=" + id, KEY);
                assertThat(usage.json().get("total").get("runs").asLong()).isEqualTo(ticks.size());
                ApiClient.Response task = first.api().get("/tasks?user_id=it-user&limit=1", KEY);
                assertThat(task.json().get("tasks").get(0).get("schedule_id").asString()).isEqualTo(id);
            } finally {
                processes.forEach(ServerProcess::close);
            }
        }
    }

    @Test
    void ticksMissedWhileEveryProcessWasDownMakeOneTaskWithCatchUpOneAndNoneWithNone() {
        try (TestDatabases.PostgresDatabase db = TestDatabases.postgres()) {
            Map<String, String> settings = settings(db, "2s");
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            // three ticks, once, well after both processes will have stopped: seconds s..s+2 of one minute of one day
            List<ServerProcess> processes = startTwo("catch-up", settings);
            ZonedDateTime firstTick = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
            if (firstTick.getSecond() > 57) {
                firstTick = firstTick.plusSeconds(3);
            }
            Instant lastTick = firstTick.plusSeconds(2).toInstant();
            String cron = firstTick.getSecond() + "-" + (firstTick.getSecond() + 2) + " " + firstTick.getMinute() + " "
                    + firstTick.getHour() + " " + firstTick.getDayOfMonth() + " " + firstTick.getMonthValue() + " *";
            String one;
            String none;
            try {
                one = create(processes.get(0), Map.of("cron", cron, "message", "catch up", "user_id", "it-user",
                        "catch_up", "one"));
                none = create(processes.get(1), Map.of("cron", cron, "message", "skip", "user_id", "it-user",
                        "catch_up", "none"));
            } finally {
                processes.forEach(p -> p.stop(Duration.ofSeconds(30)));
            }
            assertThat(Instant.now()).as("both processes stopped before the first tick").isBefore(firstTick.toInstant());

            // every process is down through the ticks and past the misfire threshold
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Instant.now().isAfter(lastTick.plusSeconds(3)));
            assertThat(count(jdbc, one) + count(jdbc, none)).isZero();

            List<ServerProcess> restarted = startTwo("catch-up-restarted", settings);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                        "select count(*) from schedules where next_run_at > ?").param(lastTick.atOffset(ZoneOffset.UTC))
                        .query(Long.class).single() == 2);
                // and it stays that way through more passes of both schedulers
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                        .until(() -> count(jdbc, one) == 1 && count(jdbc, none) == 0);
                assertThat(ticks(jdbc, one)).containsExactly(firstTick.toInstant());
                await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(jdbc.sql(
                        "select status from tasks where schedule_id = ?").param(one).query(String.class).single()));
                ApiClient.Response schedule = restarted.get(0).api().get("/schedules/" + one, KEY);
                assertThat(schedule.json().get("last_run_at").asString()).isEqualTo(firstTick.toInstant().toString());
                assertThat(restarted.get(1).api().get("/schedules/" + none, KEY).json().has("last_run_at")).isFalse();
            } finally {
                restarted.forEach(ServerProcess::close);
            }
        }
    }

    private static void assertConsecutiveSeconds(List<Instant> ticks) {
        assertThat(ticks).isNotEmpty();
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).as("gap after %s", ticks.get(i - 1))
                    .isEqualTo(Duration.ofSeconds(1));
        }
    }
}
