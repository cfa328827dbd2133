package io.agentry.server.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import io.agentry.journal.JournalStep;
import io.agentry.server.runs.RunResponse.UsageBody;
import io.agentry.store.RunRecord;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code GET /runs} and {@code GET /runs/{id}} answer: recorded runs, and a run's steps from the journal. */
final class RunViews {

    private RunViews() {
    }

    @Schema(description = "A recorded run: one attempt of a task, or a sync or streamed run")
    record RunSummary(
            @Schema(description = "The run's id", example = "01a2423c-4354-7596-9cdf-aa6803ff8862")
            @JsonProperty("run_id") String runId,
            @Schema(description = "The background task this run is an attempt of; null for sync and streamed runs",
                    example = "01a2423b-4bba-79a8-a3c6-22048f182da3")
            @JsonProperty("task_id") String taskId,
            @Schema(description = "Who the run was for", example = "alice")
            @JsonProperty("user_id") String userId,
            @Schema(description = "The session it belongs to", example = "01a2423c-435a-75f5-bb92-2bb1eb2b211b")
            @JsonProperty("session_id") String sessionId,
            @Schema(description = "The agent that ran", example = "default")
            String agent,
            @Schema(description = "The model as the provider reported it (a dated snapshot, say)", example = "offline")
            String model,
            @Schema(description = "How it was asked for", allowableValues = {"sync", "stream", "task"}, example = "task")
            String mode,
            @Schema(description = "How it ended", example = "completed")
            String status,
            @Schema(description = "Whether it produced a final answer", example = "true")
            boolean success,
            @Schema(description = "Why it did not succeed; null on success", example = "Time limit exceeded")
            String error,
            @Schema(description = "Model turns of the conversation, replayed ones included", example = "2")
            int iterations,
            @Schema(description = "Tool calls of the conversation, replayed ones included", example = "1")
            @JsonProperty("tool_calls") int toolCalls,
            @Schema(description = "Tokens of the model calls this run made (replayed calls are charged to the run "
                    + "that made them)")
            UsageBody usage,
            @Schema(description = "What this run's own model calls cost, in USD; null when the model's price is unknown",
                    example = "0.00006405")
            @JsonProperty("cost_usd") BigDecimal costUsd,
            @Schema(description = "Wall-clock time, in milliseconds", example = "62")
            @JsonProperty("latency_ms") long latencyMs,
            @Schema(description = "When it started", example = "2026-12-06T18:05:12.030715Z")
            @JsonProperty("created_at") Instant createdAt,
            @Schema(description = "When it ended", example = "2026-12-06T18:05:12.092715Z")
            @JsonProperty("finished_at") Instant finishedAt,
            @Schema(description = "The schedule whose task this run was an attempt of, or null")
            @JsonProperty("schedule_id") String scheduleId) {

        static RunSummary of(RunRecord r) {
            return new RunSummary(r.runId(), r.taskId(), r.userId(), r.sessionId(), r.agent(), r.model(), r.mode(),
                    r.status().wireName(), r.success(), r.error(), r.iterations(), r.toolCalls(), UsageBody.of(r.usage()),
                    RunResponse.plain(r.costUsd()), r.latencyMs(), r.createdAt(), r.finishedAt(), r.scheduleId());
        }
    }

    @Schema(description = "A page of runs, newest first")
    record RunPage(
            List<RunSummary> runs,
            @Schema(description = "Pass as cursor for the next page; null on the last page")
            @JsonProperty("next_cursor") String nextCursor) {
    }

    @Schema(description = "A run and its steps, as its journal holds them")
    record RunDetail(
            RunSummary run,
            @Schema(description = "Its model and tool calls in order, those it replayed from an earlier attempt of its "
                    + "task included (replayed: true); empty once the journal's retention has passed")
            List<StepView> steps) {
    }

    /** One step: a model call or a tool call; the fields of the other kind are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A model call (type model_call) or a tool call (type tool_call); fields of the other kind "
            + "are left out")
    record StepView(
            @Schema(description = "model_call or tool_call", allowableValues = {"model_call", "tool_call"})
            String type,
            @Schema(description = "The model turn it belongs to, from 1", example = "1")
            int iteration,
            @Schema(description = "A tool call's place among the calls its model turn asked for, from 1; absent for a "
                    + "model call", example = "1")
            Integer position,
            @Schema(description = "The run (attempt) that made it", example = "01a2423c-4354-7596-9cdf-aa6803ff8862")
            @JsonProperty("run_id") String runId,
            @Schema(description = "Made by an earlier attempt and replayed by this run rather than made again")
            boolean replayed,
            @Schema(description = "When it finished (a tool call still started: when it started)")
            Instant at,
            @Schema(description = "Model call: the model the provider reported", example = "gpt-4o-mini-2024-07-18")
            String model,
            @Schema(description = "Model call: why the model stopped (stop, tool_execution, length, ...)", example = "stop")
            @JsonProperty("finish_reason") String finishReason,
            @Schema(description = "Model call: its tokens")
            UsageBody usage,
            @Schema(description = "Model call: its cost in USD; absent when the model's price is unknown")
            @JsonProperty("cost_usd") BigDecimal costUsd,
            @Schema(description = "Model call: how long it took, in milliseconds", example = "812")
            @JsonProperty("latency_ms") Long latencyMs,
            @Schema(description = "Model call: the text of its reply")
            String content,
            @Schema(description = "Model call: the tools its reply asked for, in order", example = "[\"calculator\"]")
            @JsonProperty("tool_calls") List<String> toolCalls,
            @Schema(description = "Tool call: the model's id for it", example = "call_0")
            @JsonProperty("call_id") String callId,
            @Schema(description = "Tool call: the tool", example = "calculator")
            String tool,
            @Schema(description = "Tool call: its arguments, as the JSON text the model wrote", example = "{\"expression\":\"17*23\"}")
            String arguments,
            @Schema(description = "Tool call: finished (it has a result); started (it ran and its result was never "
                    + "recorded: in progress, or its outcome is unknown); requested (asked for, not started)",
                    allowableValues = {"finished", "started", "requested"})
            String status,
            @Schema(description = "Tool call: the text fed back to the model (\"Error: ...\" for a failure)", example = "391")
            String result,
            @Schema(description = "Tool call: what failed; absent on success")
            String error,
            @Schema(description = "Tool call: how long it took, in milliseconds", example = "3")
            @JsonProperty("duration_ms") Long durationMs) {
    }

    /**
     * The steps of {@code run} among its chain's: its own and those earlier attempts wrote before it started (which it
     * replayed; a later attempt's are not its), a tool call's start and result as one step, and the tool calls a reply
     * asked for that have neither.
     */
    static List<StepView> steps(RunRecord run, List<JournalStep> chain) {
        List<StepView> views = new ArrayList<>();
        Map<List<Integer>, JournalStep.ToolStarted> started = new LinkedHashMap<>();
        Map<List<Integer>, JournalStep.ToolFinished> finished = new LinkedHashMap<>();
        List<JournalStep.ModelCall> calls = new ArrayList<>();
        for (JournalStep step : chain) {
            if (!step.runId().equals(run.runId()) && !step.at().isBefore(run.createdAt())) {
                continue;
            }
            switch (step) {
                case JournalStep.ModelCall m -> calls.add(m);
                case JournalStep.ToolStarted t -> started.put(List.of(t.iteration(), t.position()), t);
                case JournalStep.ToolFinished t -> finished.put(List.of(t.iteration(), t.position()), t);
            }
        }
        for (JournalStep.ModelCall m : calls) {
            List<ToolExecutionRequest> requests = m.reply().hasToolExecutionRequests() ? m.reply().toolExecutionRequests()
                    : List.of();
            views.add(new StepView("model_call", m.iteration(), null, m.runId(), !m.runId().equals(run.runId()), m.at(),
                    m.model(), m.finishReason(), UsageBody.of(m.usage()), RunResponse.plain(m.costUsd()), m.latencyMs(),
                    m.reply().text(), requests.stream().map(ToolExecutionRequest::name).toList(), null, null, null, null,
                    null, null, null));
            for (int position = 1; position <= requests.size(); position++) {
                views.add(toolCall(run, m, requests.get(position - 1), position,
                        started.get(List.of(m.iteration(), position)), finished.get(List.of(m.iteration(), position))));
            }
        }
        return views;
    }

    private static StepView toolCall(RunRecord run, JournalStep.ModelCall m, ToolExecutionRequest request, int position,
                                     JournalStep.ToolStarted start, JournalStep.ToolFinished end) {
        if (end != null) {
            return new StepView("tool_call", m.iteration(), position, end.runId(), !end.runId().equals(run.runId()),
                    end.at(), null, null, null, null, null, null, null, end.callId(), end.tool(), end.arguments(),
                    "finished", end.result(), end.error(), end.durationMs());
        }
        if (start != null) {
            return new StepView("tool_call", m.iteration(), position, start.runId(), !start.runId().equals(run.runId()),
                    start.at(), null, null, null, null, null, null, null, start.callId(), start.tool(), start.arguments(),
                    "started", null, null, null);
        }
        return new StepView("tool_call", m.iteration(), position, m.runId(), !m.runId().equals(run.runId()), m.at(), null,
                null, null, null, null, null, null, request.id(), request.name(), request.arguments(), "requested", null,
                null, null);
    }
}
