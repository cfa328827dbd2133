package io.agentry.server.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.cost.Usage;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.TimeParameters;
import io.agentry.store.UsageLedger.GroupBy;
import io.agentry.store.UsageLedger.UsageLine;
import io.agentry.store.UsageLedger;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /usage}: the spend ledger. Every recorded run started in {@code [from, to)} (or only those one
 * schedule made), grouped by user, UTC day or hour, model, agent or schedule, with totals, failures and (per group)
 * latency percentiles. A key bound to a user sees that user's usage; a service key must
 * name the user; an admin key sees every user, or one with {@code user_id}.
 */
@RestController
@ConditionalOnApiRole
@Tag(name = "Usage", description = "The spend ledger: runs, tokens and USD")
class UsageController {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Runs, tokens and cost of one group (or of all of them)")
    record Line(
            @Schema(description = "The group: a user id, a UTC day (2026-05-01) or hour (2026-05-01T14), a model, an agent "
                    + "or a schedule id; absent in the total", example = "2026-05-01")
            String key,
            @Schema(description = "Runs recorded", example = "12")
            long runs,
            @Schema(description = "Input tokens not read from a cache", example = "4452")
            @JsonProperty("input_tokens") long inputTokens,
            @Schema(description = "Output tokens", example = "168")
            @JsonProperty("output_tokens") long outputTokens,
            @Schema(description = "Input tokens read from a prompt cache", example = "0")
            @JsonProperty("cache_read_tokens") long cacheReadTokens,
            @Schema(description = "Input tokens written to a prompt cache", example = "0")
            @JsonProperty("cache_write_tokens") long cacheWriteTokens,
            @Schema(description = "All of the above", example = "4620")
            @JsonProperty("total_tokens") long totalTokens,
            @Schema(description = "USD spent, of the runs whose model has a known price", example = "0.0007686")
            @JsonProperty("cost_usd") BigDecimal costUsd,
            @Schema(description = "Runs whose cost is unknown (no price for their model), not in cost_usd", example = "0")
            @JsonProperty("unpriced_runs") long unpricedRuns,
            @Schema(description = "Runs that ended failed (cancelled ones are not counted here)", example = "1")
            @JsonProperty("failed_runs") long failedRuns,
            @Schema(description = "Median latency of the group's runs in milliseconds (nearest rank); absent in the "
                    + "total, since percentiles do not add up", example = "840")
            @JsonProperty("latency_p50_ms") Long latencyP50Ms,
            @Schema(description = "95th percentile latency of the group's runs in milliseconds (nearest rank); absent "
                    + "in the total", example = "2310")
            @JsonProperty("latency_p95_ms") Long latencyP95Ms) {

        static Line of(UsageLine l) {
            Usage u = l.usage();
            return new Line(l.key(), l.runs(), u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(),
                    u.totalTokens(), l.costUsd().stripTrailingZeros(), l.unpricedRuns(), l.failedRuns(), l.latencyP50Ms(),
                    l.latencyP95Ms());
        }

        static Line total(long runs, Usage u, BigDecimal cost, long unpriced, long failed) {
            return new Line(null, runs, u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(),
                    u.totalTokens(), cost.stripTrailingZeros(), unpriced, failed, null, null);
        }
    }

    @Schema(description = "The spend ledger over a time range, grouped")
    record UsageResponse(
            @Schema(description = "Start of the range (inclusive)", example = "2026-05-01T00:00:00Z")
            Instant from,
            @Schema(description = "End of the range (exclusive)", example = "2026-06-01T00:00:00Z")
            Instant to,
            @Schema(description = "How groups are keyed", allowableValues = {"user", "day", "hour", "model", "agent", "schedule"},
                    example = "day")
            @JsonProperty("group_by") String groupBy,
            @Schema(description = "The user whose runs are counted; null when an admin key asked for every user",
                    example = "alice")
            @JsonProperty("user_id") String userId,
            @Schema(description = "The schedule whose runs are counted, when one was asked for",
                    example = "01a2424f-0c1d-7e0b-9d5c-3f1a2b3c4d5e")
            @JsonProperty("schedule_id") String scheduleId,
            @Schema(description = "All groups together")
            Line total,
            @Schema(description = "One line per group, in key order")
            List<Line> groups) {
    }

    private final UsageLedger ledger;
    private final Clock clock;

    UsageController(UsageLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @Operation(operationId = "getUsage", summary = "Runs, tokens and USD by user, day, hour, model, agent or schedule",
            description = "A key bound to a user sees that user's usage; a service key must name the user; an admin key "
                    + "sees every user, or one with user_id.")
    @GetMapping(path = "/usage", produces = MediaType.APPLICATION_JSON_VALUE)
    UsageResponse usage(
            @Parameter(description = "Start (inclusive): an ISO date (UTC midnight) or date-time; default the 1st of this month, UTC",
                    example = "2026-05-01")
            @RequestParam(required = false) String from,
            @Parameter(description = "End (exclusive): an ISO date or date-time; default the start of tomorrow, UTC",
                    example = "2026-06-01")
            @RequestParam(required = false) String to,
            @Parameter(description = "How to group the runs; default day", schema = @Schema(type = "string",
                    allowableValues = {"user", "day", "hour", "model", "agent", "schedule"}))
            @RequestParam(name = "group_by", required = false) String groupBy,
            @Parameter(description = "Only this user's runs; required with a service key, implied by a bound key",
                    example = "alice")
            @RequestParam(name = "user_id", required = false) String userId,
            @Parameter(description = "Only the runs this schedule made")
            @RequestParam(name = "schedule_id", required = false) String scheduleId,
            Caller caller) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Instant start = from == null ? today.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC) : TimeParameters.instant("from", from);
        Instant end = to == null ? today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC) : TimeParameters.instant("to", to);
        if (!start.isBefore(end)) {
            throw ApiException.invalid("to", "must be after from");
        }
        GroupBy grouping = groupBy(groupBy);
        String user = caller.admin() ? blankToNull(userId) : caller.actingUser(userId);

        String schedule = blankToNull(scheduleId);
        List<UsageLine> lines = ledger.usage(new UsageLedger.UsageQuery(start, end, user, grouping, schedule));
        Usage usage = Usage.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        long runs = 0;
        long unpriced = 0;
        long failed = 0;
        for (UsageLine line : lines) {
            usage = usage.plus(line.usage());
            cost = cost.add(line.costUsd());
            runs += line.runs();
            unpriced += line.unpricedRuns();
            failed += line.failedRuns();
        }
        return new UsageResponse(start, end, grouping.name().toLowerCase(Locale.ROOT), user, schedule,
                Line.total(runs, usage, cost, unpriced, failed), lines.stream().map(Line::of).toList());
    }

    private static GroupBy groupBy(String value) {
        if (value == null || value.isBlank()) {
            return GroupBy.DAY;
        }
        try {
            return GroupBy.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("group_by", "must be one of user, day, hour, model, agent, schedule");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
