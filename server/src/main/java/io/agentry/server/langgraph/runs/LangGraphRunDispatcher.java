package io.agentry.server.langgraph.runs;

import io.agentry.langgraph.LangGraphRun;
import io.agentry.langgraph.ThreadStore;
import dev.langchain4j.data.message.UserMessage;
import io.agentry.queue.TaskRequest;
import io.agentry.store.SessionStore;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.config.PeriodicWork;
import io.agentry.server.langgraph.RunStates;
import io.agentry.server.tasks.TaskService;
import io.agentry.util.Sha256;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands LangGraph runs to the task queue, one run per thread at a time: a thread's oldest waiting run that is due
 * becomes a task (of the run's id) once none of the thread's runs is pending or running. Runs are dispatched when
 * they are made, when a client of this process sees a run end, and by a sweep every
 * {@code agentry.langgraph.dispatch-interval} (runs due later, and threads whose run ended elsewhere).
 *
 * <p>Safe across processes without locks: the task is enqueued with the idempotency key {@code langgraph <run id>}
 * (spaces keep clients' keys out of that namespace), so racing dispatchers make one task; then the run is moved
 * from waiting to submitted conditionally. A cancel that moved the run first wins: the task just made is
 * cancelled.
 */
@Component
@ConditionalOnApiRole
class LangGraphRunDispatcher extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(LangGraphRunDispatcher.class);
    static final int BATCH = 100;

    private final ThreadStore store;
    private final RunStates states;
    private final TaskService tasks;
    private final LangGraphProperties properties;
    private final Clock clock;

    private final SessionStore sessions;

    LangGraphRunDispatcher(ThreadStore store, RunStates states, TaskService tasks, SessionStore sessions,
                           LangGraphProperties properties, Clock clock) {
        super("agentry-langgraph-dispatcher");
        this.sessions = sessions;
        this.store = store;
        this.states = states;
        this.tasks = tasks;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected List<Step> steps() {
        return List.of(new Step(this::sweep, properties.dispatchInterval(), properties.dispatchInterval()));
    }

    void sweep() {
        try {
            Set<String> threads = new LinkedHashSet<>();
            store.due(clock.instant(), BATCH).forEach(run -> threads.add(run.threadId()));
            threads.forEach(this::dispatch);
        } catch (RuntimeException e) {
            log.warn("Could not dispatch waiting LangGraph runs ({})", e.getMessage());
        }
    }

    /**
     * Keeps the input of the thread's interrupted runs whose tasks have ended, then dispatches the thread's oldest due
     * waiting run if none of its runs is pending or running.
     */
    void dispatch(String threadId) {
        keepInterrupted(threadId);
        List<RunStates.State> active = states.active(threadId);
        if (active.isEmpty()) {
            return;
        }
        RunStates.State first = active.getFirst();
        LangGraphRun run = first.run();
        if (run.dispatch() != LangGraphRun.Dispatch.WAITING || run.notBefore().isAfter(clock.instant())) {
            return;
        }
        TaskRequest request = TaskRequest.builder(run.userId(), run.message()).agent(run.agent()).sessionId(run.threadId())
                .metadataJson(run.metadataJson()).webhookUrl(run.webhookUrl()).apiKey(run.apiKey()).build();
        tasks.submit(run.runId(), request, "langgraph " + run.runId(), Sha256.hex("langgraph " + run.runId()));
        if (!store.moveRun(run.runId(), LangGraphRun.Dispatch.WAITING, LangGraphRun.Dispatch.SUBMITTED)) {
            if (store.findRun(run.runId()).map(r -> r.dispatch() == LangGraphRun.Dispatch.CANCELLED).orElse(true)) {
                tasks.cancel(run.runId());
            }
        }
    }

    /**
     * A run cancelled with {@code interrupt} leaves its input in its thread, as LangGraph's interrupt keeps what the run
     * had: once its task has ended cancelled, its message is added to the session (the run's row is moved back first,
     * conditionally, so one process adds it). Agentry's own runs never extend a session unless they complete, so only
     * the message is kept, never a half-finished tool exchange.
     */
    private void keepInterrupted(String threadId) {
        for (RunStates.State state : states.active(threadId)) {
            LangGraphRun run = state.run();
            if (run.dispatch() != LangGraphRun.Dispatch.INTERRUPTED
                    || !state.task().map(t -> t.status().isTerminal()).orElse(state.gone())) {
                continue;
            }
            if (store.moveRun(run.runId(), LangGraphRun.Dispatch.INTERRUPTED, LangGraphRun.Dispatch.SUBMITTED)
                    && state.task().map(t -> t.status() == io.agentry.run.RunStatus.CANCELLED).orElse(false)) {
                sessions.append(run.threadId(), run.userId(), List.of(UserMessage.from(run.message())));
            }
        }
    }

    /** Dispatch interval for tests. */
    Duration interval() {
        return properties.dispatchInterval();
    }
}
