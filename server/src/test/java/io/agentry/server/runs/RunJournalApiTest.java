package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.agent.AgentLoop;
import io.agentry.agent.Cancellation;
import io.agentry.journal.JournalStep;
import io.agentry.journal.RunJournal;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.queue.TaskRequest;
import io.agentry.run.RunId;
import io.agentry.run.RunMode;
import io.agentry.run.RunStatus;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.MetricsScrape;
import io.agentry.server.testing.TestModels;
import io.agentry.server.testing.WorkerServerTest;
import io.agentry.util.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Runs journal their steps and retried attempts replay them, seen through the API: a task whose attempt fails after
 * two finished model calls is retried without paying for them or executing their tools again, every call is in the
 * ledger once, and {@code GET /runs} / {@code GET /runs/{id}} show the runs and their steps. An attempt that lost its
 * lease mid-step has its journal write refused.
 */
@WorkerServerTest
class RunJournalApiTest {

    @LocalServerPort
    int port;
    @Autowired
    RunService runService;
    @Autowired
    TaskQueue queue;
    @Autowired
    RunJournal journal;

    private ApiClient api() {
        return new ApiClient(port);
    }

    private JsonNode awaitEnded(String taskId) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> api().get("/tasks/" + taskId, "alice-key").json(),
                        t -> List.of("completed", "failed", "cancelled").contains(t.get("status").asString()));
    }

    private static int tallies(String message, int step) {
        AtomicInteger count = TestModels.TALLIES.get("{\"message\":\"" + message + "\",\"step\":" + step + "}");
        return count == null ? 0 : count.get();
    }

    @Test
    void aRetriedTaskReplaysItsFinishedStepsAndTheLedgerChargesEachCallOnce() {
        String message = "retried-" + Ids.timeOrdered() + " steps=4 fail=3";
        MetricsScrape before = MetricsScrape.of(api(), "admin-key");
        ApiClient.Response submitted = api().postJson("/tasks", "alice-key", Map.of("message", message, "agent", "stepper"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String taskId = submitted.json().get("task_id").asString();

        JsonNode task = awaitEnded(taskId);

        assertThat(task.get("status").asString()).as(task.toString()).isEqualTo("completed");
        assertThat(task.get("attempts").asInt()).isEqualTo(2);
        assertThat(task.get("result").get("content").asString()).isEqualTo("done after 4 steps");
        // attempt 1: calls 1 and 2, then 3 fails; attempt 2: calls 4 and 5 only (it used to make four: 4 to 7)
        assertThat(TestModels.CALLS.get(message)).hasValue(5);
        for (int step = 1; step <= 3; step++) {
            assertThat(tallies(message, step)).as("executions of the tool of step %d", step).isEqualTo(1);
        }

        JsonNode runs = api().get("/runs?task_id=" + taskId, "alice-key").json().get("runs");
        assertThat(runs).hasSize(2);
        JsonNode second = runs.get(0);
        JsonNode first = runs.get(1);
        assertThat(second.get("run_id").asString()).isEqualTo(task.get("result").get("run_id").asString());
        assertThat(first.get("status").asString()).isEqualTo("failed");
        // every successful call (12 tokens each) once in the ledger: two by each attempt
        assertThat(first.get("usage").get("total_tokens").asLong()).isEqualTo(24);
        assertThat(second.get("usage").get("total_tokens").asLong()).isEqualTo(24);
        assertThat(task.get("result").get("usage").get("total_tokens").asLong()).isEqualTo(24);

        JsonNode detail = api().get("/runs/" + second.get("run_id").asString(), "alice-key").json();
        assertThat(detail.get("run").get("run_id").asString()).isEqualTo(second.get("run_id").asString());
        List<String> steps = new ArrayList<>();
        for (JsonNode step : detail.get("steps")) {
            steps.add(step.get("type").asString() + " " + step.get("iteration").asInt()
                    + (step.get("replayed").asBoolean() ? " replayed" : ""));
        }
        assertThat(steps).containsExactly("model_call 1 replayed", "tool_call 1 replayed", "model_call 2 replayed",
                "tool_call 2 replayed", "model_call 3", "tool_call 3", "model_call 4");
        JsonNode tool = detail.get("steps").get(5);
        assertThat(tool.get("tool").asString()).isEqualTo("tally");
        assertThat(tool.get("status").asString()).isEqualTo("finished");
        assertThat(tool.get("result").asString()).endsWith("#1");
        assertThat(tool.get("duration_ms").asLong()).isNotNegative();
        JsonNode answer = detail.get("steps").get(6);
        assertThat(answer.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(answer.get("usage").get("total_tokens").asLong()).isEqualTo(12);
        assertThat(answer.get("content").asString()).isEqualTo("done after 4 steps");
        assertThat(answer.has("latency_ms")).isTrue();

        MetricsScrape after = MetricsScrape.of(api(), "admin-key");
        assertThat(after.increaseSince(before, "agent_resume_saved_tokens_total", "model", "stepper", "kind", "input"))
                .isEqualTo(20);
        assertThat(after.increaseSince(before, "agent_resume_replayed_steps_total", "kind", "model_call")).isEqualTo(2);
        assertThat(after.increaseSince(before, "agent_resume_replayed_steps_total", "kind", "tool_call")).isEqualTo(2);
    }

    @Test
    void anAttemptThatLostItsLeaseMidStepHasItsJournalWriteRefusedAndStops() throws Exception {
        String message = "stale-" + Ids.timeOrdered() + " steps=3 gate=2";
        // a task this test claims itself: queued in the future, where this process's worker does not look
        // (at the store's precision, so that the times this test passes compare as stored)
        Instant later = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String taskId = Ids.timeOrdered();
        queue.enqueue(taskId, TaskRequest.builder("alice", message).agent("stepper").build(), null, null, 2, later);
        Task claimed = queue.claim("test-worker", 100, Duration.ofMinutes(5), later).stream()
                .filter(t -> t.taskId().equals(taskId)).findFirst().orElseThrow();
        RunCommand command = new RunCommand(RunId.generate(), "alice", message, "stepper", null, null, null, RunMode.TASK,
                null, taskId, null, null, claimed.lease().token());
        CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(() -> runService.run(command, e -> { },
                new Cancellation(), () -> queue.holdsLease(taskId, claimed.lease().token())));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestModels.CALLS.containsKey(message)
                && TestModels.CALLS.get(message).get() == 2);

        // while turn 2 is with the model, the lease expires and another worker claims the task
        Instant expired = later.plus(Duration.ofMinutes(10));
        queue.recoverExpired(expired);
        Task taken = queue.claim("other-worker", 100, Duration.ofMinutes(5), expired).stream()
                .filter(t -> t.taskId().equals(taskId)).findFirst().orElseThrow();
        assertThat(taken.lease().token()).isNotEqualTo(claimed.lease().token());
        TestModels.openGate(message);

        RunOutcome outcome = run.get();
        assertThat(outcome.result().status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.result().error()).isEqualTo(AgentLoop.FENCED_OUT_ERROR);
        // turn 1 and its tool are journalled; turn 2's reply was refused, so its tool never ran
        assertThat(journal.steps(taskId)).extracting(JournalStep::key).containsExactly(
                new JournalStep.Key(1, 0, JournalStep.Kind.MODEL_CALL), new JournalStep.Key(1, 1, JournalStep.Kind.TOOL_STARTED),
                new JournalStep.Key(1, 1, JournalStep.Kind.TOOL_FINISHED));
        assertThat(tallies(message, 1)).isEqualTo(1);
        assertThat(tallies(message, 2)).isZero();
        // the stale attempt's run is still recorded with what it spent: both calls were paid for
        JsonNode recorded = api().get("/runs/" + command.runId().value(), "alice-key").json();
        assertThat(recorded.get("run").get("usage").get("total_tokens").asLong()).isEqualTo(24);
        queue.finish(taskId, taken.lease().token(), RunStatus.CANCELLED, null, "test over", expired);
    }

    @Test
    void syncAndStreamedRunsJournalTheirStepsToo() {
        for (boolean stream : new boolean[] {false, true}) {
            ApiClient.Response response = api().postJson("/run", "alice-key",
                    Map.of("message", "what is 17*23?", "stream", stream));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            String runId = stream ? runIdOfStream(response.body()) : response.json().get("run_id").asString();

            JsonNode detail = api().get("/runs/" + runId, "alice-key").json();

            assertThat(detail.get("run").get("mode").asString()).isEqualTo(stream ? "stream" : "sync");
            JsonNode steps = detail.get("steps");
            assertThat(steps).hasSize(3);
            assertThat(steps.get(0).get("tool_calls").get(0).asString()).isEqualTo("calculator");
            assertThat(steps.get(1).get("arguments").asString()).contains("17*23");
            assertThat(steps.get(1).get("result").asString()).isEqualTo("391");
            assertThat(steps.get(2).get("content").asString()).contains("391");
            assertThat(steps.get(2).get("replayed").asBoolean()).isFalse();
        }
    }

    private static String runIdOfStream(String sse) {
        int at = sse.indexOf("\"run_id\":\"");
        assertThat(at).as(sse).isNotNegative();
        return sse.substring(at + 10, sse.indexOf('"', at + 10));
    }

    @Test
    void runsAreListedNewestFirstFilteredAndOnlyToTheirUser() {
        String mine = api().postJson("/run", "alice-key", Map.of("message", "hello")).json().get("run_id").asString();
        String theirs = api().postJson("/run", "service-key", Map.of("message", "hello", "user_id", "bob"))
                .json().get("run_id").asString();

        JsonNode page = api().get("/runs?limit=1&mode=sync", "alice-key").json();
        assertThat(page.get("runs")).hasSize(1);
        assertThat(page.get("runs").get(0).get("run_id").asString()).isEqualTo(mine);
        assertThat(page.get("next_cursor").asString()).isEqualTo(mine);
        JsonNode next = api().get("/runs?limit=100&cursor=" + mine, "alice-key").json();
        next.get("runs").forEach(r -> assertThat(r.get("run_id").asString()).isLessThan(mine));
        next.get("runs").forEach(r -> assertThat(r.get("user_id").asString()).isEqualTo("alice"));

        assertThat(api().get("/runs/" + theirs, "alice-key").status()).isEqualTo(404);
        assertThat(api().get("/runs/" + theirs, "service-key").status()).isEqualTo(200);
        assertThat(api().get("/runs?user_id=bob", "alice-key").status()).isEqualTo(403);
        JsonNode bobs = api().get("/runs?user_id=bob&outcome=completed&agent=default", "service-key").json();
        assertThat(bobs.get("runs").get(0).get("run_id").asString()).isEqualTo(theirs);
        assertThat(api().get("/runs", "admin-key").json().get("runs").findValuesAsString("run_id")).contains(theirs, mine);

        for (String bad : new String[] {"mode=estimate", "outcome=queued", "from=yesterday", "cursor=nope", "limit=0",
                "from=2026-12-02&to=2026-12-01"}) {
            ApiClient.Response refused = api().get("/runs?" + bad, "alice-key");
            assertThat(refused.status()).as(bad).isEqualTo(422);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api().get("/runs/no-such-run", "alice-key").status()).isEqualTo(404);
    }
}
