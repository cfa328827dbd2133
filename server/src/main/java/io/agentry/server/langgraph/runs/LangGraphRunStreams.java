package io.agentry.server.langgraph.runs;

import io.agentry.events.Delivery;
import io.agentry.events.EventSubscription;
import io.agentry.langgraph.LangGraphRun;
import io.agentry.queue.Task;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.langgraph.RunStates;
import io.agentry.server.langgraph.ThreadValues;
import io.agentry.server.runs.EventStreamer;
import io.agentry.server.runs.SseWriter;
import io.agentry.server.tasks.TaskService;
import io.agentry.server.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Following a LangGraph run: its task's event stream (from the event log, so from any replica, resumable), rendered
 * as LangGraph events by a {@link LangGraphRenderer}, or waited for to its end.
 */
@Component
@ConditionalOnApiRole
class LangGraphRunStreams {

    private final EventStreamer streamer;
    private final ThreadValues values;
    private final RunStates states;
    private final TaskService tasks;
    private final LangGraphRunDispatcher dispatcher;
    private final JsonMapper json;
    private final Clock clock;

    LangGraphRunStreams(EventStreamer streamer, ThreadValues values, RunStates states, TaskService tasks, LangGraphRunDispatcher dispatcher,
               JsonMapper json, Clock clock) {
        this.streamer = streamer;
        this.values = values;
        this.states = states;
        this.tasks = tasks;
        this.dispatcher = dispatcher;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Streams the run to the client after {@code lastEventId} (all of it when null), first a {@code metadata} event
     * ({@code {run_id, attempt, thread_id}}) when {@code withMetadata}. Returns how the stream ended for the client.
     */
    EventStreamer.Ending stream(LangGraphRun run, Set<String> modes, String lastEventId, boolean withMetadata,
                                HttpServletResponse response) {
        LangGraphRenderer.Resume resume = LangGraphRenderer.resumeFrom(lastEventId);
        // from the start: the renderer renders again what the client has had, and sends only what it has not
        EventSubscription subscription = streamer.subscribe(run.runId(), 0);
        LangGraphRenderer renderer = new LangGraphRenderer(run.runId(), run.threadId(), run.message(), modes, json,
                values.messages(),
                () -> values.messagesBefore(run.threadId(), startOf(run)), () -> values.of(run.threadId()), resume);
        SseWriter out;
        try {
            out = new SseWriter(response);
            if (withMetadata && resume.storedId() == 0 && resume.part() == 0) {
                Map<String, Object> metadata = new LinkedHashMap<>();
                metadata.put("run_id", run.runId());
                metadata.put("attempt", 1);
                metadata.put("thread_id", run.threadId());
                // id 0: before every stored event, so that resuming after it replays the whole run
                out.event("0", "metadata", json.writeValueAsString(metadata));
            }
        } catch (IOException e) {
            subscription.close();
            return EventStreamer.Ending.DISCONNECTED;
        }
        EventStreamer.Ending ending = streamer.pump(run.runId(), 0, subscription, out, null, renderer);
        if (ending == EventStreamer.Ending.END) {
            dispatcher.dispatch(run.threadId());
        }
        return ending;
    }

    /** Waits until the run has ended, then dispatches its thread's next run. */
    void awaitEnd(LangGraphRun run) {
        try (EventSubscription subscription = streamer.subscribe(run.runId(), 0)) {
            while (true) {
                Delivery delivery = subscription.next(Duration.ofSeconds(5));
                if (delivery instanceof Delivery.End || delivery instanceof Delivery.Dropped) {
                    break;
                }
                if (delivery instanceof Delivery.Idle && states.now(run).ended()) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.notReady("The server is shutting down; retry shortly");
        }
        dispatcher.dispatch(run.threadId());
    }

    /** What {@code join} and {@code wait} answer: the thread's values, with {@code __error__} for a failed run. */
    Map<String, Object> result(LangGraphRun run) {
        Map<String, Object> result = new LinkedHashMap<>(values.of(run.threadId()));
        RunStates.State state = states.now(run);
        if (state.status().equals("error") || state.status().equals("timeout")) {
            String message = state.task().map(Task::error).orElse("The run failed");
            result.put("__error__", Map.of("error", state.status().equals("timeout") ? "TimeoutError" : "RunError",
                    "message", message == null ? "The run failed" : message));
        }
        return result;
    }

    /** When the run's task started (the thread's messages before it are the run's starting state). */
    private java.time.Instant startOf(LangGraphRun run) {
        return tasks.find(run.runId()).map(t -> t.startedAt() != null ? t.startedAt() : t.createdAt()).orElse(clock.instant());
    }

    static List<String> allowedStatuses() {
        return List.of("pending", "running", "error", "success", "timeout", "interrupted");
    }
}
