package io.agentry.server.langgraph.crons;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.langgraph.LangGraphCron;
import io.agentry.langgraph.ThreadStore;
import io.agentry.schedule.CatchUp;
import io.agentry.schedule.Schedule;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.langgraph.LangGraphInputs;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.langgraph.LangGraphUsers;
import io.agentry.server.langgraph.assistants.Assistants;
import io.agentry.server.langgraph.threads.Threads;
import io.agentry.server.schedules.CronSchedule;
import io.agentry.server.schedules.ScheduleService;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.webhooks.WebhookProperties;
import io.agentry.server.webhooks.WebhookUrlPolicy;
import io.agentry.server.webhooks.WebhookUrls;
import io.agentry.util.Ids;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * LangGraph's crons: each is an Agentry schedule of the same id (its ticking: the expression, the zone, pause for
 * {@code enabled: false}, the next tick) plus a {@link ThreadStore} row (thread, assistant, payload, metadata,
 * end time); each tick makes a LangGraph run ({@link CronRuns}). A five-field expression (minutes first, LangGraph's)
 * is read with seconds 0; six fields are Agentry's (seconds first).
 */
@RestController
@ConditionalOnApiRole
// LangGraph's own API reference describes these routes (README, "Use LangGraph clients")
@Hidden
@RequestMapping(path = "/langgraph", produces = MediaType.APPLICATION_JSON_VALUE)
class LangGraphCronController {

    /** Body of cron creation and update; {@code on_run_completed}, stream and interrupt fields are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Body(@JsonProperty("assistant_id") String assistantId, String schedule, JsonNode input,
                Map<String, Object> metadata, Map<String, Object> config, Object context, String webhook,
                Boolean enabled, String timezone, @JsonProperty("end_time") String endTime,
                @JsonProperty("multitask_strategy") String multitaskStrategy) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Search(@JsonProperty("assistant_id") String assistantId, @JsonProperty("thread_id") String threadId,
                  Boolean enabled, Integer limit, Integer offset, @JsonProperty("sort_by") String sortBy,
                  @JsonProperty("sort_order") String sortOrder, Map<String, Object> metadata) {
    }

    private static final List<String> SORTS = List.of("cron_id", "assistant_id", "thread_id", "created_at", "updated_at",
            "next_run_date");

    private final ThreadStore store;
    private final ScheduleService schedules;
    private final Assistants assistants;
    private final Threads threads;
    private final WebhookProperties webhooks;
    private final WebhookUrlPolicy webhookPolicy;
    private final LangGraphJson json;
    private final Clock clock;

    LangGraphCronController(ThreadStore store, ScheduleService schedules, Assistants assistants, Threads threads,
                            WebhookProperties webhooks, WebhookUrlPolicy webhookPolicy, LangGraphJson json, Clock clock) {
        this.store = store;
        this.schedules = schedules;
        this.assistants = assistants;
        this.threads = threads;
        this.webhooks = webhooks;
        this.webhookPolicy = webhookPolicy;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/runs/crons", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> create(@RequestBody Body body, Caller caller,
                               @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        return create(null, body, caller, LangGraphUsers.acting(caller, user));
    }

    @PostMapping(path = "/threads/{threadId}/runs/crons", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> createForThread(@PathVariable String threadId, @RequestBody Body body, Caller caller,
                                        @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        String userId = LangGraphUsers.acting(caller, user);
        threads.forRun(threadId, caller, userId, false);
        return create(threadId, body, caller, userId);
    }

    @PatchMapping(path = "/runs/crons/{cronId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> update(@PathVariable String cronId, @RequestBody Body body, Caller caller) {
        LangGraphCron cron = visible(cronId, caller);
        Schedule schedule = schedules.find(cronId).orElseThrow(() -> notFound(cronId));
        Map<String, Object> payload = json.metadata(cron.payloadJson());
        String message = schedule.message();
        if (body.input() != null && !body.input().isNull() && !body.input().isMissingNode()) {
            message = LangGraphInputs.lastHumanMessage(body.input());
            payload.put("input", body.input());
        }
        if (body.config() != null) {
            payload.put("config", body.config());
        }
        if (body.context() != null) {
            payload.put("context", body.context());
        }
        Map<String, Object> metadata = json.metadata(cron.metadataJson());
        if (body.metadata() != null) {
            metadata.putAll(body.metadata());
        }
        String expression = body.schedule() == null ? cron.schedule() : body.schedule();
        String zone = body.timezone() == null ? schedule.timeZone() : body.timezone();
        String webhook = body.webhook() == null ? schedule.webhookUrl() : body.webhook();
        WebhookUrls.check(webhook, webhooks, webhookPolicy);
        Instant endTime = body.endTime() == null ? cron.endTime() : endTime(body.endTime());
        boolean enabled = body.enabled() == null ? !schedule.paused() : body.enabled();
        boolean replaced = body.schedule() != null || body.timezone() != null || !message.equals(schedule.message())
                || body.webhook() != null;
        if (replaced) {
            ScheduleService.NewSchedule spec = new ScheduleService.NewSchedule(schedule.userId(), schedule.apiKey(),
                    agentryCron(expression), zone, schedule.agent(), message, webhook, CatchUp.NONE);
            checked(spec);
            schedules.delete(cronId);
            schedule = create(spec, cronId);
        }
        if (!enabled && !schedule.paused()) {
            schedules.pause(cronId);
        } else if (enabled && schedule.paused()) {
            schedules.resume(cronId);
        }
        LangGraphCron changed = new LangGraphCron(cronId, cron.userId(), cron.assistantId(), cron.threadId(), expression,
                json.write(payload), json.write(metadata), endTime, cron.createdAt(), clock.instant());
        store.updateCron(changed);
        return view(store.findCron(cronId).orElseThrow(() -> notFound(cronId)));
    }

    @DeleteMapping("/runs/crons/{cronId}")
    ResponseEntity<Void> delete(@PathVariable String cronId, Caller caller) {
        visible(cronId, caller);
        schedules.delete(cronId);
        store.deleteCron(cronId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/runs/crons/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> search(@RequestBody(required = false) Search body, Caller caller,
                                     @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        Search search = body == null ? new Search(null, null, null, null, null, null, null, null) : body;
        int limit = LangGraphJson.limit(search.limit(), 10);
        int offset = LangGraphJson.offset(search.offset());
        String sortBy = search.sortBy() == null ? "created_at" : search.sortBy();
        if (!SORTS.contains(sortBy)) {
            throw ApiException.invalid("sort_by", "must be one of " + String.join(", ", SORTS));
        }
        if (search.sortOrder() != null && !List.of("asc", "desc").contains(search.sortOrder())) {
            throw ApiException.invalid("sort_order", "must be asc or desc");
        }
        Comparator<Map<String, Object>> order = Comparator.comparing(c -> String.valueOf(c.get(sortBy)));
        order = order.thenComparing(c -> String.valueOf(c.get("cron_id")));
        return matching(search, LangGraphUsers.acting(caller, user), caller).stream()
                .sorted("desc".equals(search.sortOrder()) ? order.reversed() : order).skip(offset).limit(limit).toList();
    }

    @PostMapping(path = "/runs/crons/count", consumes = MediaType.APPLICATION_JSON_VALUE)
    int count(@RequestBody(required = false) Search body, Caller caller,
              @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        Search search = body == null ? new Search(null, null, null, null, null, null, null, null) : body;
        return matching(search, LangGraphUsers.acting(caller, user), caller).size();
    }

    private Map<String, Object> create(String threadId, Body body, Caller caller, String userId) {
        if (body.schedule() == null || body.schedule().isBlank()) {
            throw ApiException.invalid("schedule", "is required");
        }
        Assistants.Resolved assistant = assistants.resolve(body.assistantId(), caller)
                .orElseThrow(() -> ApiException.notFound("No assistant " + body.assistantId()));
        String message = LangGraphInputs.lastHumanMessage(body.input());
        WebhookUrls.check(body.webhook(), webhooks, webhookPolicy);
        Instant endTime = body.endTime() == null ? null : endTime(body.endTime());
        ScheduleService.NewSchedule spec = new ScheduleService.NewSchedule(userId, caller.keyName(),
                agentryCron(body.schedule()), body.timezone() == null ? "UTC" : body.timezone(), assistant.agent(), message,
                body.webhook(), CatchUp.NONE);
        checked(spec);
        String cronId = Ids.timeOrdered();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("input", body.input());
        if (body.config() != null) {
            payload.put("config", body.config());
        }
        if (body.context() != null) {
            payload.put("context", body.context());
        }
        Instant now = clock.instant();
        // the row first: a tick of the schedule finds what its run is asked
        store.addCron(new LangGraphCron(cronId, userId, assistant.assistantId(), threadId, body.schedule().strip(),
                json.write(payload), json.write(body.metadata()), endTime, now, now));
        create(spec, cronId);
        if (Boolean.FALSE.equals(body.enabled())) {
            schedules.pause(cronId);
        }
        return view(store.findCron(cronId).orElseThrow());
    }

    private Schedule create(ScheduleService.NewSchedule spec, String cronId) {
        try {
            return schedules.create(spec, cronId);
        } catch (CronSchedule.InvalidException e) {
            store.deleteCron(cronId);
            throw ApiException.invalid(e.field().equals("cron") ? "schedule" : "timezone", e.getMessage());
        }
    }

    private static void checked(ScheduleService.NewSchedule spec) {
        try {
            CronSchedule.parse(spec.cron(), spec.timeZone());
        } catch (CronSchedule.InvalidException e) {
            throw ApiException.invalid(e.field().equals("cron") ? "schedule" : "timezone", e.getMessage());
        }
    }

    /** LangGraph's five fields (minute first) with seconds 0; Agentry's six (seconds first) as they are. */
    static String agentryCron(String expression) {
        String trimmed = expression.strip();
        return trimmed.split("\\s+").length == 5 ? "0 " + trimmed : trimmed;
    }

    private static Instant endTime(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("end_time", "must be an ISO-8601 date and time with an offset");
        }
    }

    private List<Map<String, Object>> matching(Search search, String userId, Caller caller) {
        // an assistant named by a configured agent's graph id means its assistant id
        String assistantId = search.assistantId() == null ? null : assistants.resolve(search.assistantId(), caller)
                .map(Assistants.Resolved::assistantId).orElse(search.assistantId());
        List<Map<String, Object>> found = new ArrayList<>();
        for (int offset = 0; ; offset += 200) {
            List<LangGraphCron> page = store.crons(userId, offset, 200);
            for (LangGraphCron cron : page) {
                Map<String, Object> view = view(cron);
                if ((assistantId == null || assistantId.equals(cron.assistantId()))
                        && (search.threadId() == null || search.threadId().equals(cron.threadId()))
                        && (search.enabled() == null || search.enabled().equals(view.get("enabled")))
                        && LangGraphJson.matches(json.metadata(cron.metadataJson()), search.metadata())) {
                    found.add(view);
                }
            }
            if (page.size() < 200) {
                return found;
            }
        }
    }

    private LangGraphCron visible(String cronId, Caller caller) {
        return store.findCron(cronId).filter(c -> caller.maySee(c.userId())).orElseThrow(() -> notFound(cronId));
    }

    private Map<String, Object> view(LangGraphCron cron) {
        Optional<Schedule> schedule = schedules.find(cron.cronId());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("cron_id", cron.cronId());
        view.put("assistant_id", cron.assistantId());
        view.put("thread_id", cron.threadId());
        view.put("user_id", cron.userId());
        view.put("schedule", cron.schedule());
        view.put("timezone", schedule.map(Schedule::timeZone).orElse("UTC"));
        view.put("payload", json.metadata(cron.payloadJson()));
        view.put("metadata", json.metadata(cron.metadataJson()));
        view.put("end_time", LangGraphJson.time(cron.endTime()));
        view.put("enabled", schedule.map(s -> !s.paused()).orElse(false));
        view.put("next_run_date", schedule.filter(s -> !s.paused()).map(s -> LangGraphJson.time(s.nextRunAt())).orElse(null));
        view.put("on_run_completed", null);
        view.put("created_at", LangGraphJson.time(cron.createdAt()));
        view.put("updated_at", LangGraphJson.time(cron.updatedAt()));
        return view;
    }

    private static ApiException notFound(String cronId) {
        return ApiException.notFound("No cron " + cronId);
    }
}
