package io.agentry.server.schedules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.schedule.CatchUp;
import io.agentry.schedule.Schedule;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.runs.RunRequest;
import io.agentry.server.runs.RunService;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.Page;
import io.agentry.server.webhooks.WebhookProperties;
import io.agentry.server.webhooks.WebhookUrlPolicy;
import io.agentry.server.webhooks.WebhookUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Scheduled runs: {@code POST /schedules}, {@code GET /schedules} (paged), {@code GET/DELETE /schedules/{id}},
 * {@code POST /schedules/{id}/pause} and {@code /resume}. Each tick of a schedule becomes a background task
 * for its user (see {@code ScheduleTicker}). Another user's schedule is indistinguishable from a missing
 * one (404).
 */
@RestController
@ConditionalOnApiRole
@Tag(name = "Schedules", description = "Run an agent in the background on a cron schedule")
class ScheduleController {

    @Schema(description = "A schedule to create: what to run, for whom, and when")
    record ScheduleRequest(
            @Schema(description = "Cron expression: six fields, seconds first (0 0 9 * * MON-FRI), five fields, minutes "
                    + "first (0 9 * * MON-FRI), or a macro (@daily)", example = "0 0 9 * * MON-FRI")
            @NotBlank @Size(max = CronSchedule.MAX_EXPRESSION_LENGTH) String cron,
            @Schema(description = "IANA time zone the expression is read in; UTC when absent", example = "Europe/Paris")
            @JsonProperty("time_zone") @Size(max = 100) String timeZone,
            @Schema(description = "Agent to run, by its name in agentry.agents; the default agent when absent",
                    example = "default")
            @Size(max = 100) String agent,
            @Schema(description = "The message each run is sent", example = "Summarise yesterday's tickets")
            @NotBlank @Size(max = 10_000) String message,
            @Schema(description = "The user the runs are for; required with a service key, optional with a bound key",
                    example = "alice")
            @JsonProperty("user_id") @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String userId,
            @Schema(description = "Receives each run's final task JSON, signed (see README); needs a webhook secret "
                    + "configured on the server", example = "https://hooks.example.com/agentry")
            @JsonProperty("webhook_url") @Size(max = 2000) String webhookUrl,
            @Schema(description = "Ticks missed while every process was down: one run for all of them (one, the "
                    + "default) or none", allowableValues = {"one", "none"}, example = "one")
            @JsonProperty("catch_up") String catchUp) {
    }

    /** The example body the API documentation offers for POST /schedules (a service key must name the user). */
    static final String EXAMPLE = """
            {"cron": "0 0 9 * * MON-FRI", "time_zone": "Europe/Paris", "message": "Summarise yesterday's tickets",
             "user_id": "alice"}""";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A schedule; fields without a value are left out")
    record ScheduleView(
            @Schema(description = "The schedule's id", example = ID_EXAMPLE)
            @JsonProperty("schedule_id") String scheduleId,
            @Schema(description = "The user its runs are for", example = "alice")
            @JsonProperty("user_id") String userId,
            @Schema(description = "Its cron expression, as given", example = "0 0 9 * * MON-FRI")
            String cron,
            @Schema(description = "The IANA time zone the expression is read in", example = "Europe/Paris")
            @JsonProperty("time_zone") String timeZone,
            @Schema(description = "The agent each run uses", example = "default")
            String agent,
            @Schema(description = "The message each run is sent", example = "Summarise yesterday's tickets")
            String message,
            @Schema(description = "Receives each run's final task JSON", example = "https://hooks.example.com/agentry")
            @JsonProperty("webhook_url") String webhookUrl,
            @Schema(description = "Ticks missed while every process was down: one run for all of them, or none",
                    allowableValues = {"one", "none"}, example = "one")
            @JsonProperty("catch_up") String catchUp,
            @Schema(description = "active, or paused (no runs until resumed)", allowableValues = {"active", "paused"},
                    example = "active")
            String status,
            @Schema(description = "When it next runs (absent while paused)", example = "2026-12-07T08:00:00Z")
            @JsonProperty("next_run_at") Instant nextRunAt,
            @Schema(description = "When it last ran", example = "2026-12-04T08:00:00Z")
            @JsonProperty("last_run_at") Instant lastRunAt,
            @Schema(description = "The task its last run became (GET /tasks/{id})", example = "01a2423b-4bba-79a8-a3c6-22048f182da3")
            @JsonProperty("last_task_id") String lastTaskId,
            @Schema(description = "When it was created", example = "2026-12-01T10:00:00Z")
            @JsonProperty("created_at") Instant createdAt,
            @Schema(description = "When it was last changed (paused, resumed, ran)", example = "2026-12-04T08:00:00Z")
            @JsonProperty("updated_at") Instant updatedAt) {

        static ScheduleView of(Schedule s) {
            return new ScheduleView(s.scheduleId(), s.userId(), s.cron(), s.timeZone(), s.agent(), s.message(),
                    s.webhookUrl(), s.catchUp().wireName(), s.paused() ? "paused" : "active",
                    s.paused() ? null : s.nextRunAt(), s.lastRunAt(), s.lastTaskId(), s.createdAt(), s.updatedAt());
        }
    }

    @Schema(description = "One page of schedules, newest first")
    record SchedulePage(
            @Schema(description = "The schedules of this page")
            List<ScheduleView> schedules,
            @Schema(description = "Pass as cursor to get the next page; null on the last page")
            @JsonProperty("next_cursor") String nextCursor) {
    }

    private static final String ID = "The schedule's id (schedule_id of POST /schedules)";
    private static final String ID_EXAMPLE = "01a2424f-0c1d-7e0b-9d5c-3f1a2b3c4d5e";

    private final ScheduleService schedules;
    private final RunService runs;
    private final WebhookUrlPolicy webhookPolicy;
    private final WebhookProperties webhooks;

    ScheduleController(ScheduleService schedules, RunService runs, WebhookUrlPolicy webhookPolicy,
                       WebhookProperties webhooks) {
        this.schedules = schedules;
        this.runs = runs;
        this.webhookPolicy = webhookPolicy;
        this.webhooks = webhooks;
    }

    @Operation(operationId = "createSchedule", summary = "Run an agent in the background on a cron schedule",
            description = "Each tick queues a background task for the schedule's user (see GET /tasks).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ScheduleRequest.class),
                    examples = @ExampleObject(name = "weekdays", summary = "Weekdays at 9:00 in Paris",
                            description = RunRequest.EXAMPLE_NOTE, value = EXAMPLE))))
    @ApiResponse(responseCode = "201", description = "Created: the new schedule", headers = @Header(name = "Location",
            description = "The schedule's URL", schema = @Schema(type = "string", example = "/schedules/" + ID_EXAMPLE)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ScheduleView.class)))
    @PostMapping(path = "/schedules", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ScheduleView> create(@Valid @RequestBody ScheduleRequest request, Caller caller) {
        String userId = caller.actingUser(request.userId());
        String agent = runs.agentFor(request.agent()).name();
        CatchUp catchUp;
        try {
            catchUp = request.catchUp() == null ? CatchUp.ONE : CatchUp.fromWireName(request.catchUp());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("catch_up", "must be one or none");
        }
        WebhookUrls.check(request.webhookUrl(), webhooks, webhookPolicy);
        Schedule schedule;
        try {
            schedule = schedules.create(new ScheduleService.NewSchedule(userId, caller.keyName(), request.cron(),
                    request.timeZone() == null || request.timeZone().isBlank() ? "UTC" : request.timeZone(), agent,
                    request.message(), request.webhookUrl(), catchUp));
        } catch (CronSchedule.InvalidException e) {
            throw ApiException.invalid(e.field(), e.getMessage());
        }
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/schedules/" + schedule.scheduleId()))
                .body(ScheduleView.of(schedule));
    }

    @Operation(operationId = "listSchedules", summary = "The caller's schedules, newest first")
    @GetMapping(path = "/schedules", produces = MediaType.APPLICATION_JSON_VALUE)
    SchedulePage list(Caller caller,
                      @Parameter(description = "Whose schedules: required with a service key, implied by a bound key",
                              example = "alice")
                      @RequestParam(name = "user_id", required = false) String userId,
                      @Parameter(description = "Schedules per page, 1 to 100 (default 20)", example = "20")
                      @RequestParam(required = false) Integer limit,
                      @Parameter(description = "next_cursor of the previous page; the first page when absent")
                      @RequestParam(required = false) String cursor) {
        String user = caller.actingUser(userId);
        int size = Page.limit(limit, Page.DEFAULT_LIMIT);
        Page<Schedule> page = Page.of(schedules.list(user, Page.idCursor(cursor), size + 1), size);
        return new SchedulePage(page.items().stream().map(ScheduleView::of).toList(), page.nextCursor(Schedule::scheduleId));
    }

    @Operation(operationId = "getSchedule", summary = "A schedule")
    @GetMapping(path = "/schedules/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ScheduleView get(@Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id, Caller caller) {
        return ScheduleView.of(visible(id, caller));
    }

    @Operation(operationId = "deleteSchedule", summary = "Delete a schedule; tasks it already queued are not affected")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping(path = "/schedules/{id}")
    ResponseEntity<Void> delete(@Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id, Caller caller) {
        visible(id, caller);
        if (!schedules.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "pauseSchedule", summary = "Pause a schedule: no runs until it is resumed (idempotent)")
    @PostMapping(path = "/schedules/{id}/pause", produces = MediaType.APPLICATION_JSON_VALUE)
    ScheduleView pause(@Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id, Caller caller) {
        visible(id, caller);
        return ScheduleView.of(schedules.pause(id).orElseThrow(() -> notFound(id)));
    }

    @Operation(operationId = "resumeSchedule",
            summary = "Resume a paused schedule from its next tick; ticks while paused are skipped (idempotent)")
    @PostMapping(path = "/schedules/{id}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
    ScheduleView resume(@Parameter(description = ID, example = ID_EXAMPLE) @PathVariable String id, Caller caller) {
        visible(id, caller);
        return ScheduleView.of(schedules.resume(id).orElseThrow(() -> notFound(id)));
    }

    private Schedule visible(String id, Caller caller) {
        return schedules.find(id).filter(s -> caller.maySee(s.userId())).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("No schedule " + id);
    }
}
