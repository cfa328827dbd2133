package io.agentry.server.langgraph.runs;

import io.agentry.langgraph.LangGraphRun;
import io.agentry.langgraph.ThreadStore;
import io.agentry.run.RunMode;
import io.agentry.server.langgraph.LangGraphInputs;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.langgraph.RunCancels;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.langgraph.RunStates;
import io.agentry.server.langgraph.assistants.Assistants;
import io.agentry.server.langgraph.threads.Threads;
import io.agentry.server.runs.RunCommand;
import io.agentry.server.runs.RunCommands;
import io.agentry.server.runs.RunEvents;
import io.agentry.server.runs.RunRequest;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.webhooks.WebhookProperties;
import io.agentry.server.webhooks.WebhookUrlPolicy;
import io.agentry.server.webhooks.WebhookUrls;
import io.agentry.util.Ids;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Makes LangGraph runs: checks the body, resolves the assistant and the thread, applies the multitask strategy
 * to a busy thread, admits the run exactly as {@code POST /tasks} is admitted ({@link RunCommands#admit}: readiness,
 * acting user, agent, session owner, rate limit, spend budget room), keeps it in the {@link ThreadStore}, opens its
 * event stream and hands it to the {@link LangGraphRunDispatcher}. The run then runs as a background task, with the
 * queue's retries, budgets, accounting, metrics and traces.
 */
@Service
@ConditionalOnApiRole
class LangGraphRuns {

    static final List<String> STRATEGIES = List.of("reject", "interrupt", "rollback", "enqueue");

    private final Assistants assistants;
    private final Threads threads;
    private final ThreadStore store;
    private final RunStates states;
    private final RunCancels cancels;
    private final RunCommands commands;
    private final RunEvents events;
    private final LangGraphRunDispatcher dispatcher;
    private final WebhookProperties webhooks;
    private final WebhookUrlPolicy webhookPolicy;
    private final LangGraphJson json;
    private final Clock clock;

    LangGraphRuns(Assistants assistants, Threads threads, ThreadStore store, RunStates states, RunCancels cancels,
                  RunCommands commands, RunEvents events, LangGraphRunDispatcher dispatcher, WebhookProperties webhooks,
                  WebhookUrlPolicy webhookPolicy, LangGraphJson json, Clock clock) {
        this.assistants = assistants;
        this.threads = threads;
        this.store = store;
        this.states = states;
        this.cancels = cancels;
        this.commands = commands;
        this.events = events;
        this.dispatcher = dispatcher;
        this.webhooks = webhooks;
        this.webhookPolicy = webhookPolicy;
        this.json = json;
        this.clock = clock;
    }

    /** Makes a run on the thread ({@code threadId} null: a stateless run, on a session of its own). */
    LangGraphRun create(String threadId, RunBody body, Caller caller, String userId, HttpServletResponse response) {
        if (body == null) {
            throw ApiException.invalid("assistant_id", "is required");
        }
        if (body.assistantId() == null || body.assistantId().isBlank()) {
            throw ApiException.invalid("assistant_id", "is required");
        }
        if (body.command() != null && !body.command().isNull()) {
            throw ApiException.invalid("command", "is not supported: a run waiting for an approval is resumed with POST /tasks/{run_id}/resume");
        }
        String strategy = oneOf("multitask_strategy", body.multitaskStrategy(), STRATEGIES, "reject");
        oneOf("on_completion", body.onCompletion(), List.of("delete", "keep", "complete", "continue"), "keep");
        oneOf("on_disconnect", body.onDisconnect(), List.of("cancel", "continue"), "cancel");
        String ifNotExists = oneOf("if_not_exists", body.ifNotExists(), List.of("create", "reject"), "reject");
        if (body.afterSeconds() != null && (body.afterSeconds() < 0 || body.afterSeconds() > 365 * 24 * 3600.0)) {
            throw ApiException.invalid("after_seconds", "must be between 0 and a year");
        }
        StreamModes.parse(body.streamMode());
        String message = LangGraphInputs.lastHumanMessage(body.input());
        Assistants.Resolved assistant = assistants.resolve(body.assistantId(), caller)
                .orElseThrow(() -> ApiException.notFound("No assistant " + body.assistantId()));
        boolean stateless = threadId == null;
        String thread = stateless ? Ids.timeOrdered()
                : threads.forRun(threadId, caller, userId, "create".equals(ifNotExists)).threadId();
        List<RunStates.State> active = stateless ? List.of() : states.active(thread);
        if (!active.isEmpty() && strategy.equals("reject")) {
            throw new ApiException(HttpStatus.CONFLICT, "thread-busy", "Thread Busy", "Thread " + thread
                    + " has a run pending or running; wait for it, or ask for multitask_strategy enqueue, interrupt or "
                    + "rollback", null, null);
        }
        RunCommand admitted = commands.admit(new RunRequest(message, userId, thread, null, null, assistant.agent(), null,
                body.metadata(), body.webhook()), caller, RunMode.TASK, response);
        WebhookUrls.check(body.webhook(), webhooks, webhookPolicy);
        if (!active.isEmpty() && !strategy.equals("enqueue")) {
            active.forEach(state -> cancels.cancel(state.run(), strategy.equals("rollback")));
        }
        Instant now = clock.instant();
        Instant notBefore = body.afterSeconds() == null ? now : now.plus(Duration.ofMillis(Math.round(body.afterSeconds() * 1000)));
        LangGraphRun run = new LangGraphRun(admitted.runId().value(), thread, userId, assistant.assistantId(),
                assistant.agent(), message, json.write(body.metadata()), stateless ? null : strategy, stateless,
                body.webhook(), admitted.apiKey(), now, notBefore, LangGraphRun.Dispatch.WAITING,
                String.join(",", StreamModes.parse(body.streamMode())));
        // the stream exists from now, so that a client can follow a run that is not a task yet
        events.open(run.runId(), userId);
        store.addRun(run);
        dispatcher.dispatch(thread);
        return run;
    }

    /** Whether a stateless run's session and record go once the request that made it has its answer. */
    static boolean deleteWhenDone(RunBody body, boolean stateless) {
        return stateless && !"keep".equals(body.onCompletion());
    }

    private static String oneOf(String field, String value, List<String> allowed, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (!allowed.contains(value)) {
            throw ApiException.invalid(field, "must be one of " + String.join(", ", allowed));
        }
        return value;
    }
}
