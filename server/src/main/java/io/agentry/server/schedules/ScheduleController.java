package io.agentry.server.schedules;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.schedule.CatchUp;
import io.agentry.schedule.Schedule;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.runs.RunService;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.Page;
import io.agentry.server.webhooks.WebhookProperties;
import io.agentry.server.webhooks.WebhookUrlPolicy;
import io.agentry.server.webhooks.WebhookUrls;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
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
class ScheduleController {

    record ScheduleRequest(
            @Schema(description = "Cron expression: six fields, seconds first (0 0 9 * * MON-FRI), five fields, minutes "
                    + "first (0 9 * * MON-FRI), or a macro (@daily)", example = "0 0 9 * * MON-FRI")
            @NotBlank @Size(max = CronSchedule.MAX_EXPRESSION_LENGTH) String cron,
            @Schema(description = "IANA time zone the expression is read in; UTC when absent", example = "Europe/Paris")
            @JsonProperty("time_zone") @Size(max = 100) String timeZone,
            @Schema(description = "Agent to run; the default agent when absent") @Size(max = 100) String agent,
            @Schema(description = "The message each run is sent", example = "Summarise yesterday's tickets")
            @NotBlank @Size(max = 10_000) String message,
            @Schema(description = "The user the runs are for; required with a service key, optional with a bound key")
            @JsonProperty("user_id") @Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters") String userId,
            @Schema(description = "Receives each run's final task JSON, signed (see README)")
            @JsonProperty("webhook_url") @Size(max = 2000) String webhookUrl,
            @Schema(description = "Ticks missed while every process was down: one run for all of them (one, the "
                    + "default) or none", allowableValues = {"one", "none"})
            @JsonProperty("catch_up") String catchUp) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScheduleView(@JsonProperty("schedule_id") String scheduleId,
                        @JsonProperty("user_id") String userId,
                        String cron,
                        @JsonProperty("time_zone") String timeZone,
                        String agent,
                        String message,
                        @JsonProperty("webhook_url") String webhookUrl,
                        @JsonProperty("catch_up") String catchUp,
                        String status,
                        @JsonProperty("next_run_at") Instant nextRunAt,
                        @JsonProperty("last_run_at") Instant lastRunAt,
                        @JsonProperty("last_task_id") String lastTaskId,
                        @JsonProperty("created_at") Instant createdAt,
                        @JsonProperty("updated_at") Instant updatedAt) {

        static ScheduleView of(Schedule s) {
            return new ScheduleView(s.scheduleId(), s.userId(), s.cron(), s.timeZone(), s.agent(), s.message(),
                    s.webhookUrl(), s.catchUp().wireName(), s.paused() ? "paused" : "active",
                    s.paused() ? null : s.nextRunAt(), s.lastRunAt(), s.lastTaskId(), s.createdAt(), s.updatedAt());
        }
    }

    record SchedulePage(List<ScheduleView> schedules, @JsonProperty("next_cursor") String nextCursor) {
    }

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

    @Operation(summary = "Run an agent in the background on a cron schedule")
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

    @Operation(summary = "The caller's schedules, newest first")
    @GetMapping(path = "/schedules", produces = MediaType.APPLICATION_JSON_VALUE)
    SchedulePage list(Caller caller, @RequestParam(name = "user_id", required = false) String userId,
                      @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        String user = caller.actingUser(userId);
        int size = Page.limit(limit, Page.DEFAULT_LIMIT);
        Page<Schedule> page = Page.of(schedules.list(user, Page.idCursor(cursor), size + 1), size);
        return new SchedulePage(page.items().stream().map(ScheduleView::of).toList(), page.nextCursor(Schedule::scheduleId));
    }

    @Operation(summary = "A schedule")
    @GetMapping(path = "/schedules/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ScheduleView get(@PathVariable String id, Caller caller) {
        return ScheduleView.of(visible(id, caller));
    }

    @Operation(summary = "Delete a schedule; tasks it already queued are not affected")
    @DeleteMapping(path = "/schedules/{id}")
    ResponseEntity<Void> delete(@PathVariable String id, Caller caller) {
        visible(id, caller);
        if (!schedules.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Pause a schedule: no runs until it is resumed (idempotent)")
    @PostMapping(path = "/schedules/{id}/pause", produces = MediaType.APPLICATION_JSON_VALUE)
    ScheduleView pause(@PathVariable String id, Caller caller) {
        visible(id, caller);
        return ScheduleView.of(schedules.pause(id).orElseThrow(() -> notFound(id)));
    }

    @Operation(summary = "Resume a paused schedule from its next tick; ticks while paused are skipped (idempotent)")
    @PostMapping(path = "/schedules/{id}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
    ScheduleView resume(@PathVariable String id, Caller caller) {
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
