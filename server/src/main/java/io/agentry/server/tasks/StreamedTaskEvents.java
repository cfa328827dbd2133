package io.agentry.server.tasks;

import io.agentry.events.EventLog;
import io.agentry.events.StreamInfo;
import io.agentry.queue.Task;
import io.agentry.run.RunEventListener;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.server.runs.PendingApproval;
import io.agentry.server.runs.RunEvents;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** {@link TaskEvents} in the event log: the stream id is the task id, owned by the task's user. */
@Component
class StreamedTaskEvents implements TaskEvents {

    private static final Logger logger = LoggerFactory.getLogger(StreamedTaskEvents.class);

    private final RunEvents runEvents;
    private final EventLog log;

    StreamedTaskEvents(RunEvents runEvents, EventLog log) {
        this.runEvents = runEvents;
        this.log = log;
    }

    @Override
    public RunEventListener listenerFor(Task task) {
        try {
            return runEvents.open(task.taskId(), task.request().userId());
        } catch (RuntimeException e) {
            logger.warn("Events of task {} will not be streamed: {}", task.taskId(), e.getMessage());
            return RunEventListener.NONE;
        }
    }

    @Override
    public void accepted(Task task) {
        try {
            runEvents.open(task.taskId(), task.request().userId());
        } catch (RuntimeException e) {
            logger.warn("Could not open the event stream of task {}: {}", task.taskId(), e.getMessage());
        }
    }

    @Override
    public void ensureFollowable(Task task) {
        try {
            Optional<StreamInfo> stream = log.describe(task.taskId());
            if (stream.isEmpty() && !task.status().isTerminal()) {
                accepted(task);  // past its retention (or never opened): made anew, so the task can be followed
            }
            if (!stream.map(StreamInfo::finished).orElse(false) && task.status().isTerminal()) {
                ended(task);
            }
        } catch (RuntimeException e) {
            logger.warn("Could not prepare the event stream of task {}: {}", task.taskId(), e.getMessage());
        }
    }

    @Override
    public void interrupted(Task task) {
        try {
            runEvents.open(task.taskId(), task.request().userId()).interrupted(new Interrupted(task.taskId(),
                    PendingApproval.of(task.interruption())));
        } catch (RuntimeException e) {
            logger.warn("Could not announce the interruption of task {}: {}", task.taskId(), e.getMessage());
        }
    }

    /** The data of a task's {@code run.interrupted} event. */
    record Interrupted(@JsonProperty("task_id") String taskId, @JsonProperty("pending_approval") PendingApproval pending) {
    }

    /** The stream ends as the task did: its status, result and error as the queue wrote them. */
    @Override
    public void ended(Task task) {
        try {
            runEvents.open(task.taskId(), task.request().userId()).end(task.status(), task.resultJson(), task.error());
        } catch (RuntimeException e) {
            logger.warn("Could not end the event stream of task {}: {}", task.taskId(), e.getMessage());
        }
    }
}
