package io.agentry.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.SseClient;
import io.agentry.server.testing.LocalCluster;
import io.agentry.server.testing.TestDatabases;
import io.agentry.server.testing.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deployment topology for real, without containers: {@code deploy/local-cluster.sh} starts 2 api and 2
 * worker JVMs run as the container image runs them (the extracted jar with the AOT cache that
 * {@code deploy/app-image.sh} trains, which the JVMs are told they must use) behind nginx running
 * {@code deploy/nginx.conf}, on a PostgreSQL database and a Redis prefix of this test's own. Runs and tasks go
 * through nginx; the container health check script answers for a worker; {@code stop} ends exactly what
 * {@code start} started.
 */
class LocalClusterIT {

    private static final String KEY = "agentry-dev-key";

    @Test
    void runsAndTasksSucceedThroughNginxAndStopEndsOnlyTheClustersProcesses() throws Exception {
        String prefix = TestRedis.newPrefix();
        try (TestDatabases.PostgresDatabase db = TestDatabases.postgres();
             TestRedis redis = new TestRedis()) {
            Process bystander = new ProcessBuilder("sleep", "600").start();
            try (LocalCluster cluster = LocalCluster.start(2, 2, db.name(), prefix, List.of("--aot"),
                    Map.of("JAVA_OPTS", "-Xmx384m -XX:AOTMode=on"))) {
                ApiClient api = cluster.api();

                assertThat(api.get("/health/ready", null).status()).isEqualTo(200);

                // synchronous runs, spread by nginx over both api processes
                for (int i = 0; i < 6; i++) {
                    ApiClient.Response run = api.postJson("/run", KEY, Map.of("message", "what is 17*23?", "user_id", "alice"));
                    assertThat(run.status()).as(run.body()).isEqualTo(200);
                    assertThat(run.json().get("success").asBoolean()).isTrue();
                    assertThat(run.json().get("content").asString()).isEqualTo("17*23 = 391");
                }
                assertThat(cluster.logText("api-1")).contains("run finished");
                assertThat(cluster.logText("api-2")).contains("run finished");

                // a streamed run through nginx: events arrive in order, ids increasing, one terminal event
                try (SseClient sse = SseClient.post(cluster.port(), "/run", KEY, ApiClient.JSON.writeValueAsString(
                        Map.of("message", "what is 17*23?", "user_id", "alice", "stream", true)), 0)) {
                    assertThat(sse.status()).isEqualTo(200);
                    assertThat(sse.header("content-type")).startsWith("text/event-stream");
                    sse.readTimeout(Duration.ofSeconds(30));
                    List<SseClient.Event> events = sse.readToEnd();
                    assertThat(events).extracting(SseClient.Event::type)
                            .containsSubsequence("run.started", "tool.started", "tool.finished", "token", "run.completed");
                    assertThat(events.getLast().json().get("content").asString()).isEqualTo("17*23 = 391");
                    for (int i = 0; i < events.size(); i++) {
                        assertThat(events.get(i).idNumber()).isEqualTo(i + 1);
                    }
                }

                // a background task, accepted by an api process and run by a worker
                ApiClient.Response queued = api.postJson("/tasks", KEY, Map.of("message", "what is 6*7?", "user_id", "alice"));
                assertThat(queued.status()).as(queued.body()).isEqualTo(202);
                String taskId = queued.json().get("task_id").asString();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                        api.get("/tasks/" + taskId, KEY).json().get("status").asString().equals("completed"));
                ApiClient.Response task = api.get("/tasks/" + taskId, KEY);
                assertThat(task.json().get("result").get("content").asString()).isEqualTo("6*7 = 42");
                assertThat(cluster.logText("worker-1") + cluster.logText("worker-2")).contains(taskId);

                // nginx lets bodies through to the server's own limit, which answers problem+json
                ApiClient.Response tooLarge = api.post("/run", KEY,
                        "{\"message\":\"" + "x".repeat(1_500_000) + "\",\"user_id\":\"alice\"}");
                assertThat(tooLarge.status()).isEqualTo(413);
                assertThat(tooLarge.header("content-type")).startsWith("application/problem+json");

                // the image's HEALTHCHECK script, against a worker
                int workerPort = cluster.port("worker-1");
                assertThat(healthcheck(workerPort, "/health/live")).isZero();
                assertThat(healthcheck(workerPort, "/health/ready")).isZero();
                assertThat(healthcheck(workerPort, "/no-such-page")).isNotZero();
                assertThat(healthcheck(cluster.port(), "/health/live")).as("through nginx").isZero();

                Map<String, Long> pids = cluster.pids();
                assertThat(pids).containsOnlyKeys("api-1", "api-2", "worker-1", "worker-2", "nginx");
                assertThat(pids.values()).noneMatch(LocalClusterIT::exited);

                assertThat(cluster.stop()).isZero();
                for (Map.Entry<String, Long> process : pids.entrySet()) {
                    assertThat(exited(process.getValue())).as("%s exited after stop", process.getKey()).isTrue();
                }
                assertThat(bystander.isAlive()).as("a process the cluster did not start").isTrue();
            } finally {
                bystander.destroy();
                redis.deleteKeys(prefix);
            }
        }
    }

    /**
     * Whether a process has ended: gone, or a zombie that only waits for init to reap it (the script's children
     * are re-parented to init once the script returns).
     */
    private static boolean exited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return true;
        }
    }

    /** Exit status of deploy/healthcheck.sh for a port and path, as Docker would run it. */
    private static int healthcheck(int port, String path) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                LocalCluster.repository().resolve(Path.of("deploy", "healthcheck.sh")).toString(), path);
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
