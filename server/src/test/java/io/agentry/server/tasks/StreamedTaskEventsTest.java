package io.agentry.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.events.EventLog;
import io.agentry.events.InMemoryEventLog;
import io.agentry.events.StoredEvent;
import io.agentry.queue.Lease;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.queue.TaskRequest;
import io.agentry.run.RunStatus;
import io.agentry.server.runs.RunEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A task's stream as followers find it: a stream that is missing or was never ended is repaired from the task. */
class StreamedTaskEventsTest {

    private final EventLog log = new InMemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 100);
    private final StreamedTaskEvents taskEvents = new StreamedTaskEvents(new RunEvents(log, JsonMapper.builder().build()), log);

    /** A task of alice's, moved by the queue's own withers to {@code status}, after one attempt unless queued. */
    private static Task task(String id, RunStatus status, String resultJson) {
        Instant now = Instant.now();
        Task task = Task.queued(id, TaskRequest.builder("alice", "hi").agent("default").sessionId("s1").build(), null,
                null, 2, now);
        if (status == RunStatus.QUEUED) {
            return task;
        }
        Task running = task.claimed(new Lease("worker", "token", now.plusSeconds(30)), now);
        return status == RunStatus.RUNNING ? running : running.finished(status, resultJson, null, now);
    }

    private List<StoredEvent> events(String streamId) {
        return log.read(streamId, 0, 100).events();
    }

    @Test
    void aFinishedTaskWhoseStreamIsGoneGetsAStreamWithItsFinalEvent() {
        taskEvents.ensureFollowable(task("t-gone", RunStatus.COMPLETED, "{\"success\":true}"));

        assertThat(log.describe("t-gone")).hasValueSatisfying(s -> {
            assertThat(s.owner()).isEqualTo("alice");
            assertThat(s.finished()).isTrue();
        });
        assertThat(events("t-gone")).extracting(StoredEvent::type).containsExactly("run.completed");
        assertThat(events("t-gone").getFirst().data()).isEqualTo("{\"success\":true}");
    }

    @Test
    void aFinishedTaskWhoseStreamWasNeverEndedIsEndedOnce() {
        taskEvents.accepted(task("t-open", RunStatus.QUEUED, null));

        taskEvents.ensureFollowable(task("t-open", RunStatus.FAILED, null));
        taskEvents.ensureFollowable(task("t-open", RunStatus.FAILED, null));

        assertThat(events("t-open")).extracting(StoredEvent::type).containsExactly("run.failed");
    }

    @Test
    void aTaskEndsItsStreamWithTheErrorTheQueueWrote() {
        // the queue writes "Task cancelled" over an earlier attempt's error (TaskQueueContract checks it)
        Task queued = task("t-cancelled", RunStatus.QUEUED, null);
        Task failedAttempt = queued.claimed(new Lease("worker", "token", queued.createdAt().plusSeconds(30)), queued.createdAt())
                .requeued(queued.createdAt(), 1, "flaky returned HTTP 429");
        taskEvents.accepted(queued);

        taskEvents.ended(failedAttempt.withCancelRequested().finished(RunStatus.CANCELLED, null, TaskQueue.CANCELLED_ERROR,
                queued.createdAt()));

        assertThat(events("t-cancelled")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("run.cancelled");
            assertThat(e.data()).contains("\"error\":\"Task cancelled\"").doesNotContain("429");
        });
    }

    @Test
    void aLiveOrFinishedStreamIsLeftAsItIs() {
        taskEvents.accepted(task("t-live", RunStatus.QUEUED, null));
        taskEvents.ensureFollowable(task("t-live", RunStatus.RUNNING, null));
        assertThat(log.describe("t-live")).hasValueSatisfying(s -> assertThat(s.finished()).isFalse());
        assertThat(events("t-live")).isEmpty();

        taskEvents.ended(task("t-live", RunStatus.COMPLETED, "{}"));
        taskEvents.ensureFollowable(task("t-live", RunStatus.COMPLETED, "{}"));
        assertThat(events("t-live")).extracting(StoredEvent::type).containsExactly("run.completed");
    }
}
