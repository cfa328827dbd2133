package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.cost.Usage;
import io.agentry.events.EventLog;
import io.agentry.events.InMemoryEventLog;
import io.agentry.events.StoredEvent;
import io.agentry.run.RunEvent;
import io.agentry.run.RunStatus;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The adapter from a run's listener to its event stream, as sync streams and background tasks use it. */
class RunEventRecorderTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final EventLog log = new InMemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 100);
    private final RunEvents runEvents = new RunEvents(log, json);

    private List<StoredEvent> events(String streamId) {
        return log.read(streamId, 0, 100).events();
    }

    @Test
    void writesRunEventsAsSnakeCaseJsonAndLeavesTheTerminalEventToWhoeverEndsTheStream() {
        RunEventRecorder recorder = runEvents.open("task-1", "alice");
        recorder.onEvent(new RunEvent.Started("run-1", "default", "offline"));
        recorder.onEvent(new RunEvent.ToolFinished("call-1", "calculator", "391", null, 3));
        recorder.onEvent(new RunEvent.UsageReport(1, "offline", Usage.of(10, 5), Usage.of(10, 5), new BigDecimal("0.0000150000")));
        // the loop's own terminal event: the stream's comes from the run's outcome (finish/end)
        recorder.onEvent(new RunEvent.Completed(null));

        List<StoredEvent> events = events("task-1");
        assertThat(events).extracting(StoredEvent::type).containsExactly("run.started", "tool.finished", "usage");
        assertThat(json.readTree(events.get(1).data()).get("call_id").asString()).isEqualTo("call-1");
        assertThat(json.readTree(events.get(1).data()).get("duration_ms").asLong()).isEqualTo(3);
        JsonNode usage = json.readTree(events.get(2).data());
        assertThat(usage.get("total").get("total_tokens").asLong()).isEqualTo(15);
        assertThat(usage.get("cost_usd").decimalValue()).isEqualByComparingTo("0.000015");
        assertThat(log.describe("task-1").orElseThrow().finished()).isFalse();
    }

    @Test
    void endsAStreamWithAStoredRunResponseOrWithJustTheStatusAndError() {
        String stored = "{\"content\":\"done\",\"status\":\"failed\",\"success\":false,\"error\":\"openai returned HTTP 500\"}";
        runEvents.open("task-2", "alice").end(RunStatus.FAILED, stored, "openai returned HTTP 500");
        assertThat(events("task-2")).containsExactly(new StoredEvent(1, "run.failed", stored));

        runEvents.open("task-3", "alice").end(RunStatus.CANCELLED, null, "Task cancelled");
        StoredEvent cancelled = events("task-3").getLast();
        assertThat(cancelled.type()).isEqualTo("run.cancelled");
        assertThat(json.readTree(cancelled.data()).properties()).extracting(e -> e.getKey() + "=" + e.getValue().asString())
                .containsExactly("status=cancelled", "success=false", "error=Task cancelled");
        assertThat(log.describe("task-3").orElseThrow().finished()).isTrue();

        assertThatThrownBy(() -> runEvents.open("task-4", "alice").end(RunStatus.RUNNING, null, "no"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reopeningAStreamForTheNextAttemptKeepsItsEvents() {
        runEvents.open("task-5", "alice").onEvent(new RunEvent.Started("run-a", "default", "offline"));
        RunEventRecorder second = runEvents.open("task-5", "alice");
        second.onEvent(new RunEvent.Started("run-b", "default", "offline"));
        second.end(RunStatus.FAILED, null, "Internal agent error");

        assertThat(events("task-5")).extracting(StoredEvent::id, StoredEvent::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "run.started"),
                        org.assertj.core.groups.Tuple.tuple(2L, "run.started"),
                        org.assertj.core.groups.Tuple.tuple(3L, "run.failed"));
        assertThatThrownBy(() -> runEvents.open("task-5", "mallory")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailingLogNeverFailsTheRun() {
        RunEventRecorder recorder = runEvents.open("task-6", "alice");
        recorder.end(RunStatus.COMPLETED, "{}", null);
        // the stream is finished: further appends fail inside the log, and the recorder swallows it
        recorder.onEvent(new RunEvent.Token("late"));
        recorder.end(RunStatus.FAILED, null, "again");
        assertThat(events("task-6")).hasSize(1);
    }
}
