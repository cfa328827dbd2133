package io.agentry.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.RedisServerProcess;
import io.agentry.server.testing.ServerProcess;
import io.agentry.server.testing.TestDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Scale-out that loses nothing: 2 api and 2 worker JVMs on one PostgreSQL and one Redis. 200 tasks go in
 * through both api processes; one worker is killed with SIGKILL while it runs tasks; Redis is stopped
 * and started again in the middle of the batch. Every task must end completed, the killed worker's
 * tasks after exactly one more attempt.
 */
class DistributedTasksIT {

    private static final int TASKS = 200;

    @Test
    void killingAWorkerAndRestartingRedisLosesNoTask() throws Exception {
        try (TestDatabases.PostgresDatabase db = TestDatabases.postgres();
             RedisServerProcess redis = RedisServerProcess.start()) {
            Map<String, String> shared = new HashMap<>(Map.of(
                    "spring.datasource.url", db.url(),
                    "spring.datasource.username", TestDatabases.PG_USER,
                    "agentry.redis.url", redis.url(),
                    "agentry.redis.key-prefix", "it-" + UUID.randomUUID() + ":",
                    "agentry.models.offline.latency-ms", "300",
                    "agentry.worker.lease-duration", "3s",
                    "agentry.worker.heartbeat-interval", "1s",
                    "agentry.worker.recovery-interval", "1s",
                    "agentry.worker.poll-interval", "500ms",
                    "agentry.worker.concurrency", "8"));
            shared.put("agentry.limits.enabled", "false");
            List<CompletableFuture<ServerProcess>> starting = List.of(
                    CompletableFuture.supplyAsync(() -> ServerProcess.start("api-1", with(shared, "agentry.role", "api"))),
                    CompletableFuture.supplyAsync(() -> ServerProcess.start("api-2", with(shared, "agentry.role", "api"))),
                    CompletableFuture.supplyAsync(() -> ServerProcess.start("worker-1",
                            with(with(shared, "agentry.role", "worker"), "agentry.worker.id", "worker-1"))),
                    CompletableFuture.supplyAsync(() -> ServerProcess.start("worker-2",
                            with(with(shared, "agentry.role", "worker"), "agentry.worker.id", "worker-2"))));
            List<ServerProcess> processes = new ArrayList<>();
            try {
                try {
                    for (CompletableFuture<ServerProcess> f : starting) {
                        processes.add(f.join());
                    }
                } catch (RuntimeException e) {
                    // the others may still be starting: they must not outlive the test
                    starting.forEach(f -> f.thenAccept(ServerProcess::close));
                    throw e;
                }
                ServerProcess api1 = processes.get(0);
                ServerProcess api2 = processes.get(1);
                ServerProcess worker1 = processes.get(2);
                // a worker process serves health and metrics, not the API
                for (String path : new String[] {"/tasks", "/usage", "/schedules"}) {
                    assertThat(processes.get(3).api().get(path, "agentry-dev-key").status()).as(path).isEqualTo(404);
                }
                assertThat(processes.get(3).api().postJson("/run", "agentry-dev-key",
                        Map.of("message", "hi", "user_id", "it-user")).status()).isEqualTo(404);
                assertThat(processes.get(3).api().get("/health/ready", null).status()).isEqualTo(200);
                // the console is served by an api process in distributed mode too (the browser test runs it embedded)
                assertThat(processes.get(3).api().get("/console/", null).status()).isEqualTo(404);
                ApiClient.Response console = api1.api().get("/console/", null);
                assertThat(console.status()).isEqualTo(200);
                assertThat(console.header("content-security-policy")).contains("script-src 'self'");
                assertThat(api1.api().get("/console/vendor/uplot/uPlot.esm.js", null).status()).isEqualTo(200);
                JdbcClient jdbc = JdbcClient.create(db.dataSource());

                List<String> ids = new ArrayList<>();
                for (int i = 0; i < TASKS / 2; i++) {
                    ids.add(submit(i % 2 == 0 ? api1 : api2, i));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql(
                        "select count(*) from tasks where status = 'running' and lease_owner = 'worker-1'")
                        .query(Long.class).single() >= 3);
                worker1.kill();
                List<String> killedWhileRunning = jdbc.sql(
                        "select task_id from tasks where status = 'running' and lease_owner = 'worker-1'")
                        .query(String.class).list();
                assertThat(killedWhileRunning).isNotEmpty();

                redis.stop();
                for (int i = TASKS / 2; i < TASKS; i++) {
                    ids.add(submit(i % 2 == 0 ? api1 : api2, i));
                }
                redis.startAgain();

                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() -> jdbc.sql(
                        "select count(*) from tasks where status in ('completed', 'failed', 'cancelled')")
                        .query(Long.class).single() == TASKS);

                assertThat(jdbc.sql("select count(*) from tasks").query(Long.class).single()).isEqualTo(TASKS);
                assertThat(jdbc.sql("select count(*) from tasks where status = 'completed' and result is not null")
                        .query(Long.class).single()).isEqualTo(TASKS);
                for (String id : ids) {
                    int attempts = jdbc.sql("select attempts from tasks where task_id = ?").param(id).query(Integer.class).single();
                    long completedRuns = jdbc.sql("select count(*) from runs where task_id = ? and status = 'completed'")
                            .param(id).query(Long.class).single();
                    if (killedWhileRunning.contains(id)) {
                        assertThat(attempts).as("attempts of %s, running on the killed worker", id).isEqualTo(2);
                        // it ran again in full; had the kill hit between its run record and its result write,
                        // the first attempt's run is recorded too (at-least-once execution, spend visible)
                        assertThat(completedRuns).isBetween(1L, 2L);
                    } else {
                        assertThat(attempts).as("attempts of %s", id).isEqualTo(1);
                        assertThat(completedRuns).as("completed runs of %s", id).isEqualTo(1);
                    }
                }
                // the surviving processes kept answering through the Redis restart
                assertThat(api1.api().get("/tasks/" + ids.getFirst(), "agentry-dev-key").json().get("status").asString())
                        .isEqualTo("completed");
            } finally {
                processes.forEach(ServerProcess::close);
            }
        }
    }

    private static String submit(ServerProcess api, int i) {
        ApiClient.Response response = api.api().postJson("/tasks", "agentry-dev-key",
                Map.of("message", "what is " + i + "*3?", "user_id", "it-user"));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("task_id").asString();
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
