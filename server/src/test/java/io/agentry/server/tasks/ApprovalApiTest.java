package io.agentry.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Tools that need approval, end to end on the embedded store: a task stops before the call (interrupted, holding no
 * worker slot), is resumed with decisions (approve, reject, edit) or cancelled, or times out as its agent says; a
 * {@code POST /run} that stops is continued by a task.
 */
@AgentryServerTest
@TestPropertySource(properties = {
        "agentry.agents.default.model=offline",
        "agentry.agents.approver.tools=calculator,current_time",
        "agentry.agents.approver.requires-approval=calculator",
        "agentry.agents.approver-fail.tools=calculator",
        "agentry.agents.approver-fail.requires-approval=calculator",
        "agentry.agents.approver-fail.approval-timeout=1s",
        "agentry.agents.approver-fail.on-approval-timeout=fail",
        "agentry.agents.approver-reject.tools=calculator",
        "agentry.agents.approver-reject.requires-approval=calculator",
        "agentry.agents.approver-reject.approval-timeout=1s",
        "agentry.worker.recovery-interval=200ms",
        // one run's worst case (2,000 tokens at the offline model's highest rate, $0.0012) fits, two do not
        "agentry.budgets.users.carol.daily-usd=0.002",
})
class ApprovalApiTest {

    private static final String SIX_TIMES_SEVEN = "/tool calculator {\"expression\": \"6*7\"}";

    @LocalServerPort
    int port;
    @Autowired
    TaskWorker worker;
    @Autowired
    MeterRegistry meters;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private String submit(String agent, String message) {
        ApiClient.Response response = api.postJson("/tasks", "alice-key", Map.of("agent", agent, "message", message));
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("task_id").asString();
    }

    private JsonNode awaitStatus(String id, String status) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/tasks/" + id, "alice-key").json(), t -> t.get("status").asString().equals(status));
    }

    /** Model calls that resumed attempts took from their journal instead of making them again, so far. */
    private double replayedModelCalls() {
        return meters.counter("agent.resume.replayed.steps", "kind", "model_call").count();
    }

    private ApiClient.Response resume(String id, Object... decisions) {
        return api.postJson("/tasks/" + id + "/resume", "alice-key", Map.of("decisions", List.of(decisions)));
    }

    @Test
    void anInterruptedTaskShowsItsCallsHoldsNoWorkerAndAnApprovalRunsTheCall() {
        String id = submit("approver", SIX_TIMES_SEVEN);

        JsonNode interrupted = awaitStatus(id, "interrupted");
        JsonNode call = interrupted.get("pending_approval").get("calls").get(0);
        assertThat(call.get("call_id").asString()).isEqualTo("call_command_1");
        assertThat(call.get("tool").asString()).isEqualTo("calculator");
        assertThat(call.get("arguments").get("expression").asString()).isEqualTo("6*7");
        assertThat(interrupted.get("pending_approval").get("expires_at").asString()).isNotBlank();
        assertThat(interrupted.has("result")).isFalse();
        assertThat(worker.busySlots()).as("no worker slot is held while it waits").isZero();
        try (SseClient events = SseClient.get(port, "/tasks/" + id + "/events", "alice-key")) {
            List<SseClient.Event> seen = events.readUntil(e -> e.type().equals("run.interrupted"));
            JsonNode data = seen.getLast().json();
            assertThat(data.get("task_id").asString()).isEqualTo(id);
            assertThat(data.get("pending_approval").get("calls").get(0).get("call_id").asString()).isEqualTo("call_command_1");
            assertThat(seen).extracting(SseClient.Event::type).doesNotContain("tool.started");
        }

        double replayedBefore = replayedModelCalls();
        ApiClient.Response resumed = resume(id, Map.of("call_id", "call_command_1", "decision", "approve"));

        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.json().get("status").asString()).isIn("queued", "running", "completed");
        assertThat(resumed.json().has("pending_approval")).isFalse();
        JsonNode done = awaitStatus(id, "completed");
        assertThat(done.get("result").get("content").asString()).isEqualTo("6*7 = 42");
        assertThat(done.get("result").get("tool_calls_made")).hasSize(1);
        assertThat(done.get("attempts").asInt()).as("the interrupted attempt does not count as a retry").isEqualTo(1);
        assertThat(replayedModelCalls() - replayedBefore).as("the call that asked for the tool is not made again")
                .isEqualTo(1);
        try (SseClient events = SseClient.get(port, "/tasks/" + id + "/events", "alice-key")) {
            List<String> types = events.readToEnd().stream().map(SseClient.Event::type).toList();
            assertThat(types).containsSubsequence("run.started", "run.interrupted", "run.started", "tool.started",
                    "tool.finished", "run.completed");
            assertThat(types.stream().filter("tool.started"::equals)).hasSize(1);
        }
    }

    @Test
    void aTaskInterruptedWhenItsWorkerStopsStaysSoAndAnotherStartOfTheWorkerContinuesIt() {
        String id = submit("approver", SIX_TIMES_SEVEN);
        awaitStatus(id, "interrupted");

        worker.stop();
        try {
            assertThat(api.get("/tasks/" + id, "alice-key").json().get("status").asString()).isEqualTo("interrupted");
            assertThat(resume(id, Map.of("call_id", "call_command_1", "decision", "approve")).status()).isEqualTo(200);
            assertThat(api.get("/tasks/" + id, "alice-key").json().get("status").asString())
                    .as("no worker runs: it waits in the queue").isEqualTo("queued");
        } finally {
            worker.start();
        }

        assertThat(awaitStatus(id, "completed").get("result").get("content").asString()).isEqualTo("6*7 = 42");
    }

    @Test
    void aRejectionIsGivenToTheModelWithItsReasonAndTheToolDoesNotRun() {
        String id = submit("approver", SIX_TIMES_SEVEN);
        awaitStatus(id, "interrupted");

        assertThat(resume(id, Map.of("call_id", "call_command_1", "decision", "reject", "reason", "no maths today"))
                .status()).isEqualTo(200);

        JsonNode done = awaitStatus(id, "completed");
        assertThat(done.get("result").get("content").asString())
                .isEqualTo("I could not use calculator: the call was not approved: no maths today");
    }

    @Test
    void anApprovalWithEditedArgumentsRunsTheEditedCall() {
        String id = submit("approver", SIX_TIMES_SEVEN);
        awaitStatus(id, "interrupted");

        assertThat(resume(id, Map.of("call_id", "call_command_1", "decision", "approve",
                "arguments", Map.of("expression", "5*5"))).status()).isEqualTo(200);

        assertThat(awaitStatus(id, "completed").get("result").get("content").asString()).isEqualTo("5*5 = 25");
    }

    @Test
    void severalCallsOfOneTurnWaitTogetherAndEachGetsItsDecision() {
        String id = submit("approver", "/tool calculator {\"expression\": \"2*3\"}\n/tool current_time\n"
                + "/tool calculator {\"expression\": \"4*5\"}");

        JsonNode interrupted = awaitStatus(id, "interrupted");
        JsonNode calls = interrupted.get("pending_approval").get("calls");
        assertThat(calls).extracting(c -> c.get("call_id").asString()).containsExactly("call_command_1", "call_command_3");

        assertThat(resume(id, Map.of("call_id", "call_command_3", "decision", "reject", "reason", "enough"),
                Map.of("call_id", "call_command_1", "decision", "approve")).status()).isEqualTo(200);

        String content = awaitStatus(id, "completed").get("result").get("content").asString();
        assertThat(content).startsWith("2*3 = 6; The current time is ")
                .endsWith("; I could not use calculator: the call was not approved: enough");
    }

    @Test
    void decisionsAreValidatedAgainstThePendingCalls() {
        String id = submit("approver", "/tool calculator {\"expression\": \"2*3\"}\n/tool calculator {\"expression\": \"1+1\"}");
        awaitStatus(id, "interrupted");
        Map<String, Object> first = Map.of("call_id", "call_command_1", "decision", "approve");

        assertThat(errors(resume(id, first))).as("a pending call left out").contains("decisions");
        assertThat(errors(resume(id, first, Map.of("call_id", "call_command_9", "decision", "approve"))))
                .contains("decisions[1].call_id");
        assertThat(errors(resume(id, first, first))).contains("decisions[1].call_id");
        assertThat(errors(resume(id, first, Map.of("call_id", "call_command_2", "decision", "maybe"))))
                .contains("decisions[1].decision");
        assertThat(errors(resume(id, first, Map.of("call_id", "call_command_2", "decision", "approve", "arguments", "1+1"))))
                .as("arguments of the wrong type").contains("decisions[1].arguments");
        assertThat(errors(resume(id, first, Map.of("call_id", "call_command_2", "decision", "reject",
                "arguments", Map.of("expression", "1")))))
                .contains("decisions[1].arguments");
        assertThat(errors(api.postJson("/tasks/" + id + "/resume", "alice-key", Map.of("decisions", "approve"))))
                .contains("decisions");
        assertThat(errors(api.postJson("/tasks/" + id + "/resume", "alice-key", Map.of()))).contains("decisions");
        assertThat(api.get("/tasks/" + id, "alice-key").json().get("status").asString()).isEqualTo("interrupted");

        String bobs = api.postJson("/tasks", "service-key", Map.of("agent", "approver", "message", SIX_TIMES_SEVEN,
                "user_id", "bob")).json().get("task_id").asString();
        assertThat(resume(bobs, first).status()).as("another user's task").isEqualTo(404);
        assertThat(resume("no-such-task", first).status()).isEqualTo(404);
    }

    private static List<String> errors(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("io.agentry");
        return response.json().get("errors").valueStream().map(e -> e.get("field").asString()).toList();
    }

    @Test
    void aTaskThatIsNotInterruptedCannotBeResumed() {
        String id = submit("default", "what is 6*7?");
        awaitStatus(id, "completed");

        ApiClient.Response response = resume(id, Map.of("call_id", "call_calc_1", "decision", "approve"));

        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.json().get("type").asString()).endsWith("not-interrupted");
    }

    @Test
    void cancellingAnInterruptedTaskEndsItAtOnce() {
        String id = submit("approver", SIX_TIMES_SEVEN);
        awaitStatus(id, "interrupted");

        ApiClient.Response cancelled = api.postJson("/tasks/" + id + "/cancel", "alice-key", Map.of());

        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        assertThat(resume(id, Map.of("call_id", "call_command_1", "decision", "approve")).status()).isEqualTo(409);
        try (SseClient events = SseClient.get(port, "/tasks/" + id + "/events", "alice-key")) {
            assertThat(events.readToEnd().getLast().type()).isEqualTo("run.cancelled");
        }
    }

    @Test
    void anApprovalThatTimesOutFailsTheRunWhenTheAgentSaysFail() {
        String id = submit("approver-fail", SIX_TIMES_SEVEN);
        awaitStatus(id, "interrupted");

        JsonNode failed = awaitStatus(id, "failed");

        assertThat(failed.get("error").asString()).isEqualTo("Approval timed out");
        assertThat(failed.has("pending_approval")).isFalse();
    }

    @Test
    void anApprovalThatTimesOutIsARejectionTheModelIsToldOfWhenTheAgentSaysReject() {
        String id = submit("approver-reject", SIX_TIMES_SEVEN);
        awaitStatus(id, "interrupted");

        JsonNode done = awaitStatus(id, "completed");

        assertThat(done.get("result").get("content").asString())
                .isEqualTo("I could not use calculator: the call was not approved: no decision was made in time");
    }

    @Test
    void aSyncRunThatStopsForApprovalIsContinuedByATask() {
        ApiClient.Response run = api.postJson("/run", "alice-key", Map.of("agent", "approver", "message", SIX_TIMES_SEVEN));

        assertThat(run.status()).as(run.body()).isEqualTo(202);
        JsonNode body = run.json();
        assertThat(body.get("status").asString()).isEqualTo("interrupted");
        assertThat(body.get("success").asBoolean()).isFalse();
        String taskId = body.get("task_id").asString();
        assertThat(run.header("location")).isEqualTo("/tasks/" + taskId);
        assertThat(body.get("pending_approval").get("calls").get(0).get("call_id").asString()).isEqualTo("call_command_1");
        JsonNode task = api.get("/tasks/" + taskId, "alice-key").json();
        assertThat(task.get("status").asString()).isEqualTo("interrupted");
        assertThat(task.get("session_id").asString()).isEqualTo(body.get("session_id").asString());

        double replayedBefore = replayedModelCalls();
        assertThat(resume(taskId, Map.of("call_id", "call_command_1", "decision", "approve")).status()).isEqualTo(200);

        assertThat(awaitStatus(taskId, "completed").get("result").get("content").asString()).isEqualTo("6*7 = 42");
        assertThat(replayedModelCalls() - replayedBefore).as("the task continues from the run's journal").isEqualTo(1);
        assertThat(api.get("/sessions/" + body.get("session_id").asString(), "alice-key").body())
                .as("the continuation extends the run's session").contains("6*7 = 42");
    }

    @Test
    void aStreamedRunThatStopsForApprovalEndsWithRunInterruptedNamingItsTask() {
        String json = ApiClient.JSON.writeValueAsString(Map.of("agent", "approver", "message", SIX_TIMES_SEVEN,
                "stream", true));
        try (SseClient stream = SseClient.post(port, "/run", "alice-key", json, 0)) {
            List<SseClient.Event> events = stream.readToEnd();
            SseClient.Event last = events.getLast();
            assertThat(last.type()).isEqualTo("run.interrupted");
            String taskId = last.json().get("task_id").asString();
            assertThat(api.get("/tasks/" + taskId, "alice-key").json().get("status").asString()).isEqualTo("interrupted");
        }
    }

    @Test
    void aWaitingRunHoldsNoSpendReservation() {
        Map<String, Object> budget = Map.of("max_tokens", 2000);
        String id = api.postJson("/tasks", "service-key", Map.of("agent", "approver", "message", SIX_TIMES_SEVEN,
                "user_id", "carol", "budget", budget)).json().get("task_id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/tasks/" + id, "service-key").json()
                .get("status").asString().equals("interrupted"));

        // a second worst case fits only because the waiting run holds none
        ApiClient.Response other = api.postJson("/run", "service-key", Map.of("message", "hello", "user_id", "carol",
                "budget", budget));
        assertThat(other.status()).as(other.body()).isEqualTo(200);

        api.postJson("/tasks/" + id + "/resume", "service-key",
                Map.of("decisions", List.of(Map.of("call_id", "call_command_1", "decision", "approve"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/tasks/" + id, "service-key").json()
                .get("status").asString().equals("completed"));
    }
}
