package io.agentry.server.runs;

import io.agentry.journal.RunJournal;
import io.agentry.run.RunMode;
import io.agentry.run.RunStatus;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.runs.RunViews.RunDetail;
import io.agentry.server.runs.RunViews.RunPage;
import io.agentry.server.runs.RunViews.RunSummary;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.Page;
import io.agentry.server.web.TimeParameters;
import io.agentry.store.RunRecord;
import io.agentry.store.RunStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Run inspection: {@code GET /runs} (recorded runs, newest first, paged and filtered) and {@code GET /runs/{id}} (a run
 * with its steps from the journal). The caller's own runs only, as for every resource: a key bound to a user sees
 * that user's, a service key names the user, an admin key sees everyone's (or one user's with {@code user_id});
 * another user's run is indistinguishable from a missing one (404).
 */
@RestController
@ConditionalOnApiRole
@Tag(name = "Runs")
class RunInspectionController {

    /** The modes a recorded run can have (an estimate runs nothing). */
    private static final List<String> MODES = Arrays.stream(RunMode.values()).filter(m -> m != RunMode.ESTIMATE)
            .map(RunMode::wireName).toList();
    private static final List<String> STATUSES = Arrays.stream(RunStatus.values())
            // an attempt that stopped for approval is recorded as interrupted
            .filter(status -> status.isTerminal() || status == RunStatus.INTERRUPTED)
            .map(RunStatus::wireName).toList();

    private final RunStore runs;
    private final RunJournal journal;

    RunInspectionController(RunStore runs, RunJournal journal) {
        this.runs = runs;
        this.journal = journal;
    }

    @Operation(operationId = "listRuns", summary = "The caller's runs, newest first",
            description = "Every recorded run (each attempt of a task is a run of its own) that matches every filter "
                    + "given. A key bound to a user lists that user's runs; a service key must name user_id; an admin key "
                    + "lists every user's, or one user's with user_id. A run is recorded when it ends.")
    @ApiResponse(responseCode = "200", description = "A page of runs")
    @GetMapping(path = "/runs", produces = MediaType.APPLICATION_JSON_VALUE)
    RunPage list(Caller caller,
                 @Parameter(description = "Only this user's runs; required with a service key, implied by a bound key, "
                         + "optional with an admin key", example = "alice")
                 @RequestParam(name = "user_id", required = false) String userId,
                 @Parameter(description = "Only runs of this agent", example = "default")
                 @RequestParam(required = false) String agent,
                 @Parameter(description = "Only runs whose model (as the provider reported it) is this", example = "offline")
                 @RequestParam(required = false) String model,
                 @Parameter(description = "Only runs asked for this way", schema = @Schema(type = "string",
                         allowableValues = {"sync", "stream", "task"}))
                 @RequestParam(required = false) String mode,
                 @Parameter(description = "Only runs that ended so", schema = @Schema(type = "string",
                         allowableValues = {"completed", "failed", "cancelled", "interrupted"}))
                 @RequestParam(required = false) String outcome,
                 @Parameter(description = "Only the attempts of this task")
                 @RequestParam(name = "task_id", required = false) String taskId,
                 @Parameter(description = "Started at or after: an ISO date (UTC midnight) or date-time", example = "2026-12-01")
                 @RequestParam(required = false) String from,
                 @Parameter(description = "Started before: an ISO date or date-time", example = "2026-12-08")
                 @RequestParam(required = false) String to,
                 @Parameter(description = "Page size, 1 to 100 (default 20)")
                 @RequestParam(required = false) Integer limit,
                 @Parameter(description = "next_cursor of the previous page")
                 @RequestParam(required = false) String cursor) {
        String user = caller.admin() && blank(userId) ? null : caller.actingUser(userId);
        int size = Page.limit(limit, Page.DEFAULT_LIMIT);
        Instant start = TimeParameters.instant("from", blank(from) ? null : from);
        Instant end = TimeParameters.instant("to", blank(to) ? null : to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiException.invalid("to", "must be after from");
        }
        RunStore.RunQuery query = new RunStore.RunQuery(user, orNull(agent), orNull(model), oneOf("mode", mode, MODES),
                status(outcome), orNull(taskId), start, end, Page.idCursor(orNull(cursor)), size + 1);
        Page<RunRecord> page = Page.of(runs.list(query), size);
        return new RunPage(page.items().stream().map(RunSummary::of).toList(), page.nextCursor(RunRecord::runId));
    }

    @Operation(operationId = "getRun", summary = "A run and its steps",
            description = "The run's record and its model and tool calls from the journal: tokens, cost, latency and "
                    + "finish reason of each model call; arguments, result or error and duration of each tool call. A "
                    + "retried attempt of a task shows the steps it replayed from earlier attempts too. 404 for an "
                    + "unknown run, another user's, or one still running (a run is recorded when it ends).")
    @ApiResponse(responseCode = "200", description = "The run and its steps")
    @GetMapping(path = "/runs/{run_id}", produces = MediaType.APPLICATION_JSON_VALUE)
    RunDetail get(@Parameter(description = "The run's id (run_id of its answer, or of GET /runs)",
                          example = "01a2423c-4354-7596-9cdf-aa6803ff8862")
                  @PathVariable("run_id") String runId, Caller caller) {
        RunRecord run = runs.find(runId).filter(r -> caller.maySee(r.userId()))
                .orElseThrow(() -> ApiException.notFound("No run " + runId));
        String chain = run.taskId() != null ? run.taskId() : run.runId();
        return new RunDetail(RunSummary.of(run), RunViews.steps(run, journal.steps(chain)));
    }

    private static RunStatus status(String outcome) {
        String value = oneOf("outcome", outcome, STATUSES);
        return value == null ? null : RunStatus.fromWireName(value);
    }

    private static String oneOf(String field, String value, List<String> allowed) {
        if (blank(value)) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw ApiException.invalid(field, "must be one of " + allowed.stream().collect(Collectors.joining(", ")));
        }
        return value;
    }

    private static String orNull(String value) {
        return blank(value) ? null : value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
