package io.agentry.server.users;

import io.agentry.events.EventLog;
import io.agentry.events.StreamInfo;
import io.agentry.journal.RunJournal;
import io.agentry.langgraph.AssistantStore;
import io.agentry.langgraph.ThreadStore;
import io.agentry.memory.MemoryStore;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.run.RunMode;
import io.agentry.run.RunStatus;
import io.agentry.schedule.ScheduleStore;
import io.agentry.server.runs.StreamingProperties;
import io.agentry.server.tasks.TaskService;
import io.agentry.store.RunStore;
import io.agentry.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Erases a user's data, for data protection requests: schedules, tasks (cancelled first when queued or running),
 * the event streams of their tasks and streamed runs, sessions with their messages, memory, and the journal of their
 * runs (every step's reply, arguments and result) are deleted; runs
 * stay in the usage ledger, anonymised ({@link RunStore#pseudonymise}), so that totals, and the figures by day,
 * model, agent and schedule, do not change.
 *
 * <p>Order: schedules first, so that no new tick queues a task; then the tasks are cancelled, and erasure waits
 * until each running one has stopped (its run recorded, its stream ended), since a task that is still running would
 * write its result, its run and its events after the erasure; only then is anything else deleted. Each step is one
 * backend's own, so an erasure interrupted midway is completed by repeating it (except the event streams of tasks
 * it already deleted, which expire with their retention).
 *
 * <p>What is not covered: requests of the user in flight during the erasure (a synchronous or streamed run records
 * its run and extends its session when it ends), and tasks submitted meanwhile. Revoke the user's key first.
 */
@Service
class UserErasure {

    /** The user's running tasks did not stop within {@link ErasureProperties#taskStopTimeout}. */
    static final class TasksStillStoppingException extends RuntimeException {
        private final int stopping;

        TasksStillStoppingException(int stopping) {
            super(stopping + " task(s) still stopping", null, false, false);
            this.stopping = stopping;
        }

        int stopping() {
            return stopping;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(UserErasure.class);
    private static final int PAGE = 500;
    private static final Duration POLL = Duration.ofMillis(100);
    /**
     * A stream's last event is written a moment after its task or run is recorded as finished, and replicas' clocks
     * differ a little: streams are looked for among those finished within their retention and this much more.
     */
    private static final Duration STREAM_MARGIN = Duration.ofHours(1);

    private final ScheduleStore schedules;
    private final TaskService tasks;
    private final TaskQueue queue;
    private final EventLog events;
    private final SessionStore sessions;
    private final MemoryStore memory;
    private final RunStore runs;
    private final RunJournal journal;
    private final StreamingProperties streaming;
    private final ErasureProperties properties;
    private final Clock clock;

    private final ThreadStore langGraphThreads;
    private final AssistantStore langGraphAssistants;

    UserErasure(ScheduleStore schedules, TaskService tasks, TaskQueue queue, EventLog events, SessionStore sessions,
                MemoryStore memory, RunStore runs, RunJournal journal, StreamingProperties streaming,
                ErasureProperties properties, Clock clock, ThreadStore langGraphThreads, AssistantStore langGraphAssistants) {
        this.langGraphThreads = langGraphThreads;
        this.langGraphAssistants = langGraphAssistants;
        this.schedules = schedules;
        this.tasks = tasks;
        this.queue = queue;
        this.events = events;
        this.sessions = sessions;
        this.memory = memory;
        this.runs = runs;
        this.journal = journal;
        this.streaming = streaming;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Erases everything of {@code userId}; a user with nothing stored gets an erasure of nothing.
     *
     * @throws TasksStillStoppingException when cancelled tasks are still running after the timeout: schedules are
     *                                     deleted and tasks cancelled, nothing else yet; repeat the call
     */
    Erasure erase(String userId) {
        int deletedSchedules = schedules.deleteUser(userId);
        // LangGraph threads with their runs and crons, before the tasks: a run still waiting could become a task after
        int deletedThreads = langGraphThreads.deleteUser(userId);
        int deletedAssistants = langGraphAssistants.deleteUser(userId);
        Instant streamsSince = clock.instant().minus(streaming.retention()).minus(STREAM_MARGIN);
        List<String> streams = new ArrayList<>();
        List<String> stopping = new ArrayList<>();
        int cancelled = 0;
        // newest first through every task of the user, whatever its status; the cursor is a task id, which stays
        for (List<Task> page = tasks.list(userId, null, null, PAGE); !page.isEmpty();
             page = page.size() < PAGE ? List.of() : tasks.list(userId, null, page.getLast().taskId(), PAGE)) {
            for (Task task : page) {
                if (!task.status().isTerminal()) {
                    cancelled++;
                    tasks.cancel(task.taskId()).filter(t -> t.status() == RunStatus.RUNNING)
                            .ifPresent(t -> stopping.add(t.taskId()));
                }
                if (task.finishedAt() == null || !task.finishedAt().isBefore(streamsSince)) {
                    streams.add(task.taskId());
                }
            }
        }
        awaitStopped(stopping);

        int deletedTasks = queue.deleteEndedOf(userId);
        streams.addAll(runs.runIds(userId, RunMode.STREAM.wireName(), streamsSince));
        int deletedStreams = events.delete(userId, streams);
        SessionStore.Erased deletedSessions = sessions.deleteUser(userId);
        int deletedMemory = memory.deleteUser(userId);
        int deletedSteps = journal.deleteUser(userId);
        String pseudonym = "erased-" + UUID.randomUUID();
        int anonymised = runs.pseudonymise(userId, pseudonym);

        Erasure.Deleted deleted = new Erasure.Deleted(deletedSessions.sessions(), deletedSessions.messages(), deletedMemory,
                deletedTasks, deletedSchedules, deletedStreams, deletedSteps, deletedThreads, deletedAssistants);
        // the user id is not logged: the line would keep what was just erased
        log.atInfo().addKeyValue("pseudonym", pseudonym).log("Erased a user's data: {}, {} task(s) cancelled first, "
                + "{} run(s) anonymised", deleted, cancelled, anonymised);
        return new Erasure(userId, deleted, cancelled, anonymised, pseudonym);
    }

    /**
     * Waits until each cancelled running task has ended and its stream has its last event: its worker writes the
     * task's end, then the stream's, and an erasure in between would see that stream written again.
     */
    private void awaitStopped(List<String> stopping) {
        Instant deadline = clock.instant().plus(properties.taskStopTimeout());
        while (true) {
            stopping.removeIf(this::stopped);
            if (stopping.isEmpty()) {
                return;
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new TasksStillStoppingException(stopping.size());
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the user's tasks were stopping", e);
            }
        }
    }

    private boolean stopped(String taskId) {
        boolean ended = queue.find(taskId).map(t -> t.status().isTerminal()).orElse(true);
        return ended && events.describe(taskId).map(StreamInfo::finished).orElse(true);
    }
}
