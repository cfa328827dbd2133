package io.agentry.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.TestModels;
import io.agentry.server.testing.WorkerServerTest;
import io.agentry.server.egress.RequestSigner;
import io.agentry.store.RunStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Tasks run by this process's worker (role all, embedded store): outcomes, retries, cancel, webhooks. */
@WorkerServerTest
@ExtendWith(OutputCaptureExtension.class)
class TaskExecutionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    RunStore runs;
    ApiClient api;
    HttpServer receiver;
    final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    final AtomicInteger webhookCalls = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        api = new ApiClient(port);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // the first delivery attempt fails, so the retry path is exercised too
            int call = webhookCalls.incrementAndGet();
            if (call > 1) {
                received.add(Map.of("body", body,
                        "timestamp", exchange.getRequestHeaders().getFirst(RequestSigner.TIMESTAMP_HEADER),
                        "signature", exchange.getRequestHeaders().getFirst(RequestSigner.SIGNATURE_HEADER),
                        "event", exchange.getRequestHeaders().getFirst("X-Agentry-Event")));
            }
            exchange.sendResponseHeaders(call > 1 ? 204 : 500, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.stop(0);
    }

    private String submit(Map<String, Object> body) {
        ApiClient.Response response = api.postJson("/tasks", "alice-key", body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("task_id").asString();
    }

    private JsonNode awaitStatus(String id, String status) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/tasks/" + id, "alice-key").json(), t -> t.get("status").asString().equals(status));
    }

    @Test
    void aTaskRunsToCompletionWithItsResultAndLedgerRow() {
        String id = submit(Map.of("message", "what is 17*23?"));

        JsonNode task = awaitStatus(id, "completed");

        assertThat(task.get("attempts").asInt()).isEqualTo(1);
        assertThat(task.get("result").get("content").asString()).contains("391");
        assertThat(task.get("result").get("success").asBoolean()).isTrue();
        assertThat(task.get("result").get("session_id").asString()).isEqualTo(task.get("session_id").asString());
        assertThat(task.get("started_at").asString()).isNotBlank();
        assertThat(task.get("finished_at").asString()).isNotBlank();
        String runId = task.get("result").get("run_id").asString();
        assertThat(runs.find(runId).orElseThrow().taskId()).isEqualTo(id);
        assertThat(runs.find(runId).orElseThrow().mode()).isEqualTo("task");
    }

    @Test
    void aCompletedTasksMoneyIsWrittenAsTheRunAnswerWritesIt() {
        String id = submit(Map.of("message", "what is 17*23?"));
        String runId = awaitStatus(id, "completed").get("result").get("run_id").asString();

        String body = api.get("/tasks/" + id, "alice-key").body();
        Matcher cost = Pattern.compile("\"cost_usd\":([^,}]+)").matcher(body);
        assertThat(cost.find()).as(body).isTrue();
        // the stored result read back as a double would print 6.405E-5 where POST /run printed 0.00006405
        assertThat(cost.group(1)).isEqualTo(runs.find(runId).orElseThrow().costUsd().stripTrailingZeros().toPlainString());
        assertThat(body).doesNotContainPattern("_usd\":-?[0-9.]+[eE]");
    }

    @Test
    void aTaskContinuesItsSessionLikeASyncRun() {
        String first = submit(Map.of("message", "remember the number 4711"));
        String session = awaitStatus(first, "completed").get("session_id").asString();
        String second = submit(Map.of("message", "what did I say?", "session_id", session));
        assertThat(awaitStatus(second, "completed").get("result").get("content").asString())
                .isEqualTo("Earlier you said: \"remember the number 4711\".");
    }

    @Test
    void retriableFailuresAreRetriedUntilTheySucceed() {
        String id = submit(Map.of("message", "fail 2 " + UUID.randomUUID(), "agent", "flaky"));

        JsonNode task = awaitStatus(id, "completed");

        assertThat(task.get("attempts").asInt()).isEqualTo(3);
        assertThat(task.get("result").get("content").asString()).isEqualTo("ok after 3 call(s)");
        // every attempt is in the ledger, the failed ones too
        assertThat(jdbc.sql("select count(*) from runs where task_id = ?").param(id).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void aTaskThatKeepsFailingRetriablyFailsAfterMaxRetries() {
        String id = submit(Map.of("message", "fail 99 " + UUID.randomUUID(), "agent", "flaky"));

        JsonNode task = awaitStatus(id, "failed");

        assertThat(task.get("attempts").asInt()).isEqualTo(3);
        assertThat(task.get("error").asString()).isEqualTo("flaky returned HTTP 429");
    }

    @Test
    void aNonRetriableFailureIsNotRetried() {
        String id = submit(Map.of("message", "fatal " + UUID.randomUUID(), "agent", "flaky"));

        JsonNode task = awaitStatus(id, "failed");

        assertThat(task.get("attempts").asInt()).isEqualTo(1);
        assertThat(task.get("error").asString()).isEqualTo("flaky returned HTTP 401");
        assertThat(task.get("result").get("success").asBoolean()).isFalse();
    }

    @Test
    void cancellingARunningTaskInterruptsItsModelCall() {
        String message = "sleep " + UUID.randomUUID();
        String id = submit(Map.of("message", message, "agent", "sleepy"));
        await().atMost(PATIENCE).until(() -> TestModels.CALLS.containsKey(message));

        JsonNode flagged = api.postJson("/tasks/" + id + "/cancel", "alice-key", Map.of()).json();
        assertThat(flagged.get("status").asString()).isIn("running", "cancelled");

        JsonNode task = awaitStatus(id, "cancelled");
        assertThat(task.get("attempts").asInt()).isEqualTo(1);
        assertThat(task.get("error").asString()).isEqualTo("Run cancelled");
    }

    @Test
    void anAttemptThatLostItsLeaseRecordsItsRunButDoesNotAddItsTurnToTheSession(CapturedOutput output) {
        String message = "gate " + UUID.randomUUID();
        ApiClient.Response accepted = api.postJson("/tasks", "alice-key", Map.of("message", message, "agent", "gated"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("task_id").asString();
        String session = api.get("/tasks/" + id, "alice-key").json().get("session_id").asString();
        await().atMost(PATIENCE).until(() -> TestModels.CALLS.containsKey(message));

        // another worker took the task over (this one's lease expired while its model call went on)
        assertThat(jdbc.sql("update tasks set lease_token = 'another-workers-lease' where task_id = ? and status = 'running'")
                .param(id).update()).isEqualTo(1);
        try {
            TestModels.openGate(message);
            // Usually the answer arrives first and the write of the outcome is refused by its lease token (logged); if a
            // lease renewal falls in between, it finds the lease lost and stops the run, which is recorded cancelled
            // and writes no outcome. Either way the attempt is over then.
            await().atMost(PATIENCE).until(() -> output.getOut().lines().anyMatch(line -> line.contains(id)
                    && line.contains("lost its lease before writing its outcome; the outcome was discarded"))
                    || runStatus(id).filter("cancelled"::equals).isPresent());
            assertThat(runStatus(id)).as("the attempt's run is in the ledger").get().isIn("completed", "cancelled");
            assertThat(jdbc.sql("select count(*) from session_messages where session_id = ?").param(session)
                    .query(Long.class).single()).as("the other attempt adds the turn, not this one").isZero();
            assertThat(jdbc.sql("select lease_token from tasks where task_id = ?").param(id).query(String.class).single())
                    .as("nor did it finish a task it no longer holds").isEqualTo("another-workers-lease");
        } finally {
            TestModels.openGate(message);
            // no other worker exists: end the task so that the janitor does not requeue it for the next tests
            jdbc.sql("update tasks set status = 'cancelled', lease_token = null, lease_owner = null, "
                    + "lease_expires_at = null, finished_at = current_timestamp where task_id = ?").param(id).update();
        }
    }

    private Optional<String> runStatus(String taskId) {
        return jdbc.sql("select status from runs where task_id = ?").param(taskId).query(String.class).optional();
    }

    @Test
    void theSoftTimeLimitFailsTheTaskWithAClearError() {
        String id = submit(Map.of("message", "sleep " + UUID.randomUUID(), "agent", "sleepy-limited"));

        JsonNode task = awaitStatus(id, "failed");

        assertThat(task.get("error").asString()).isEqualTo("Time limit exceeded");
        assertThat(task.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aWebhookReceivesTheSignedFinalTaskAfterAFailedAttempt() {
        String id = submit(Map.of("message", "what is 2+2?",
                "webhook_url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
        awaitStatus(id, "completed");

        await().atMost(PATIENCE).until(() -> !received.isEmpty());
        Map<String, String> delivery = received.getFirst();
        JsonNode body = ApiClient.JSON.readTree(delivery.get("body"));
        assertThat(body.get("task_id").asString()).isEqualTo(id);
        assertThat(body.get("status").asString()).isEqualTo("completed");
        assertThat(body.get("result").get("content").asString()).contains("4");
        assertThat(delivery.get("event")).isEqualTo("task.completed");
        assertThat(delivery.get("signature")).isEqualTo(new RequestSigner(WorkerServerTest.WEBHOOK_SECRET)
                .sign(Long.parseLong(delivery.get("timestamp")), delivery.get("body")));
        assertThat(webhookCalls.get()).isEqualTo(2);
    }
}
