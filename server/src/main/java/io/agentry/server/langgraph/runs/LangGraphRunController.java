package io.agentry.server.langgraph.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.langgraph.LangGraphRun;
import io.agentry.langgraph.ThreadStore;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.langgraph.LangGraphUsers;
import io.agentry.server.langgraph.RunCancels;
import io.agentry.server.langgraph.RunStates;
import io.agentry.server.langgraph.threads.Threads;
import io.agentry.server.runs.EventStreamer;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.store.SessionStore;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * LangGraph's run routes, on a thread ({@code /threads/{id}/runs/...}) and stateless ({@code /runs/...}). Every run
 * is a background task of the same id; {@code wait} and {@code stream} make one and follow it.
 */
@RestController
@ConditionalOnApiRole
// LangGraph's own API reference describes these routes (README, "Use LangGraph clients"); Agentry's OpenAPI
// document is for Agentry's API, whose rules (examples, descriptions) they do not follow
@Hidden
@RequestMapping(path = "/langgraph", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "LangGraph")
class LangGraphRunController {

    /** Body of {@code POST /runs/cancel}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CancelMany(@JsonProperty("thread_id") String threadId, @JsonProperty("run_ids") List<String> runIds,
                      String status) {
    }

    private final LangGraphRuns runs;
    private final LangGraphRunStreams streams;
    private final RunStates states;
    private final RunCancels cancels;
    private final Threads threads;
    private final ThreadStore store;
    private final SessionStore sessions;
    private final LangGraphJson json;
    private final JsonMapper mapper;

    LangGraphRunController(LangGraphRuns runs, LangGraphRunStreams streams, RunStates states, RunCancels cancels, Threads threads,
                  ThreadStore store, SessionStore sessions, LangGraphJson json, JsonMapper mapper) {
        this.runs = runs;
        this.streams = streams;
        this.states = states;
        this.cancels = cancels;
        this.threads = threads;
        this.store = store;
        this.sessions = sessions;
        this.json = json;
        this.mapper = mapper;
    }

    @Operation(operationId = "langgraphCreateRun", summary = "LangGraph: start a background run on a thread")
    @PostMapping(path = "/threads/{threadId}/runs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<LangGraphRunView> create(@PathVariable String threadId, @RequestBody(required = false) RunBody body, Caller caller,
                                   @Parameter(hidden = true) @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user,
                                   HttpServletResponse response) {
        LangGraphRun run = runs.create(threadId, body, caller, LangGraphUsers.acting(caller, user), response);
        return ResponseEntity.ok().header("Content-Location", location(run)).body(LangGraphRunView.of(states.now(run), json));
    }

    @Operation(operationId = "langgraphCreateStatelessRun", summary = "LangGraph: start a background run without a thread")
    @PostMapping(path = "/runs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<LangGraphRunView> createStateless(@RequestBody(required = false) RunBody body, Caller caller,
                                            @Parameter(hidden = true) @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user,
                                            HttpServletResponse response) {
        LangGraphRun run = runs.create(null, body, caller, LangGraphUsers.acting(caller, user), response);
        return ResponseEntity.ok().header("Content-Location", location(run)).body(LangGraphRunView.of(states.now(run), json));
    }

    @Operation(operationId = "langgraphCreateRuns", summary = "LangGraph: start several stateless background runs")
    @PostMapping(path = "/runs/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<LangGraphRunView> batch(@RequestBody List<RunBody> bodies, Caller caller,
                        @Parameter(hidden = true) @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user,
                        HttpServletResponse response) {
        String userId = LangGraphUsers.acting(caller, user);
        if (bodies.size() > 100) {
            throw ApiException.invalid("body", "holds at most 100 runs");
        }
        List<LangGraphRunView> created = new ArrayList<>();
        for (RunBody body : bodies) {
            created.add(LangGraphRunView.of(states.now(runs.create(null, body, caller, userId, response)), json));
        }
        return created;
    }

    @Operation(operationId = "langgraphWaitRun", summary = "LangGraph: run on a thread and answer the thread's values when done")
    @PostMapping(path = "/threads/{threadId}/runs/wait", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> waitRun(@PathVariable String threadId, @RequestBody(required = false) RunBody body,
                                                Caller caller, @Parameter(hidden = true)
                                                @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user,
                                                HttpServletResponse response) {
        return waitFor(runs.create(threadId, body, caller, LangGraphUsers.acting(caller, user), response), body);
    }

    @Operation(operationId = "langgraphWaitStatelessRun", summary = "LangGraph: run without a thread and answer its values")
    @PostMapping(path = "/runs/wait", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> waitStateless(@RequestBody(required = false) RunBody body, Caller caller,
                                                      @Parameter(hidden = true) @RequestHeader(name = LangGraphUsers.HEADER,
                                                              required = false) String user, HttpServletResponse response) {
        return waitFor(runs.create(null, body, caller, LangGraphUsers.acting(caller, user), response), body);
    }

    @Operation(operationId = "langgraphStreamRun", summary = "LangGraph: run on a thread and stream it (server-sent events)")
    @PostMapping(path = "/threads/{threadId}/runs/stream", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void streamRun(@PathVariable String threadId, @RequestBody(required = false) RunBody body, Caller caller,
                   @Parameter(hidden = true) @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user,
                   HttpServletResponse response) {
        streamNew(runs.create(threadId, body, caller, LangGraphUsers.acting(caller, user), response), body, response);
    }

    @Operation(operationId = "langgraphStreamStatelessRun", summary = "LangGraph: run without a thread and stream it")
    @PostMapping(path = "/runs/stream", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void streamStateless(@RequestBody(required = false) RunBody body, Caller caller, @Parameter(hidden = true)
                         @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user, HttpServletResponse response) {
        streamNew(runs.create(null, body, caller, LangGraphUsers.acting(caller, user), response), body, response);
    }

    @Operation(operationId = "langgraphListRuns", summary = "LangGraph: a thread's runs, newest first")
    @GetMapping("/threads/{threadId}/runs")
    List<LangGraphRunView> list(@PathVariable String threadId, Caller caller, @RequestParam(required = false) Integer limit,
                       @RequestParam(required = false) Integer offset, @RequestParam(required = false) String status) {
        threads.visible(threadId, caller);
        if (status != null && !LangGraphRunStreams.allowedStatuses().contains(status)) {
            throw ApiException.invalid("status", "must be one of " + String.join(", ", LangGraphRunStreams.allowedStatuses()));
        }
        int size = LangGraphJson.limit(limit, 10);
        int skip = LangGraphJson.offset(offset);
        if (status == null) {
            return store.runs(threadId, skip, size).stream().map(r -> LangGraphRunView.of(states.of(r), json)).toList();
        }
        return store.runs(threadId, 0, 1000).stream().map(states::of).filter(s -> s.status().equals(status))
                .skip(skip).limit(size).map(s -> LangGraphRunView.of(s, json)).toList();
    }

    @Operation(operationId = "langgraphGetRun", summary = "LangGraph: a run of a thread")
    @GetMapping("/threads/{threadId}/runs/{runId}")
    LangGraphRunView get(@PathVariable String threadId, @PathVariable String runId, Caller caller) {
        return LangGraphRunView.of(states.of(visible(threadId, runId, caller)), json);
    }

    @Operation(operationId = "langgraphDeleteRun", summary = "LangGraph: delete a run (cancelled first if it has not ended)")
    @DeleteMapping("/threads/{threadId}/runs/{runId}")
    ResponseEntity<Void> delete(@PathVariable String threadId, @PathVariable String runId, Caller caller) {
        LangGraphRun run = visible(threadId, runId, caller);
        if (!states.of(run).ended()) {
            cancels.cancel(run, false);
        }
        store.deleteRun(runId);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "langgraphJoinRun", summary = "LangGraph: wait for a run and answer the thread's values")
    @GetMapping("/threads/{threadId}/runs/{runId}/join")
    Map<String, Object> join(@PathVariable String threadId, @PathVariable String runId, Caller caller) {
        LangGraphRun run = visible(threadId, runId, caller);
        streams.awaitEnd(run);
        return streams.result(run);
    }

    @Operation(operationId = "langgraphJoinRunStream", summary = "LangGraph: follow a run's stream, or resume it after Last-Event-ID")
    @GetMapping(path = "/threads/{threadId}/runs/{runId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void joinStream(@PathVariable String threadId, @PathVariable String runId, Caller caller,
                    @RequestParam(name = "stream_mode", required = false) List<String> streamMode,
                    @RequestParam(name = "cancel_on_disconnect", required = false) String cancelOnDisconnect,
                    @Parameter(hidden = true) @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                    HttpServletResponse response) {
        rejoin(visible(threadId, runId, caller), streamMode, cancelOnDisconnect, lastEventId, response);
    }

    @Operation(operationId = "langgraphJoinStatelessRunStream", summary = "LangGraph: follow a stateless run's stream")
    @GetMapping(path = "/runs/{runId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void joinStatelessStream(@PathVariable String runId, Caller caller,
                             @RequestParam(name = "stream_mode", required = false) List<String> streamMode,
                             @RequestParam(name = "cancel_on_disconnect", required = false) String cancelOnDisconnect,
                             @Parameter(hidden = true) @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                             HttpServletResponse response) {
        LangGraphRun run = store.findRun(runId).filter(r -> caller.maySee(r.userId()))
                .orElseThrow(() -> ApiException.notFound("No run " + runId));
        rejoin(run, streamMode, cancelOnDisconnect, lastEventId, response);
    }

    @Operation(operationId = "langgraphCancelRun", summary = "LangGraph: cancel a run (interrupt, or rollback: cancel and delete)",
            description = "202, or 204 with wait=1 once the run has ended.")
    @PostMapping("/threads/{threadId}/runs/{runId}/cancel")
    ResponseEntity<Void> cancel(@PathVariable String threadId, @PathVariable String runId, Caller caller,
                                @RequestParam(required = false) String wait, @RequestParam(required = false) String action) {
        LangGraphRun run = visible(threadId, runId, caller);
        boolean rollback = cancelAction(action);
        cancels.cancel(run, rollback);
        if (truthy(wait)) {
            streams.awaitEnd(run);
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).build();
    }

    @Operation(operationId = "langgraphCancelRuns", summary = "LangGraph: cancel runs by id, or a thread's pending or running runs")
    @PostMapping(path = "/runs/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> cancelMany(@RequestBody CancelMany body, Caller caller, @RequestParam(required = false) String action) {
        boolean rollback = cancelAction(action);
        if (body.status() != null && !List.of("pending", "running", "all").contains(body.status())) {
            throw ApiException.invalid("status", "must be pending, running or all");
        }
        List<LangGraphRun> targets = new ArrayList<>();
        if (body.runIds() != null) {
            for (String runId : body.runIds()) {
                targets.add(store.findRun(runId).filter(r -> caller.maySee(r.userId()))
                        .filter(r -> body.threadId() == null || r.threadId().equals(body.threadId()))
                        .orElseThrow(() -> ApiException.notFound("No run " + runId)));
            }
        } else if (body.threadId() != null) {
            threads.visible(body.threadId(), caller);
            states.active(body.threadId()).stream()
                    .filter(s -> body.status() == null || body.status().equals("all") || s.status().equals(body.status()))
                    .forEach(s -> targets.add(s.run()));
        } else {
            throw ApiException.invalid("run_ids", "or thread_id is required");
        }
        targets.forEach(run -> cancels.cancel(run, rollback));
        return ResponseEntity.noContent().build();
    }

    private ResponseEntity<Map<String, Object>> waitFor(LangGraphRun run, RunBody body) {
        streams.awaitEnd(run);
        Map<String, Object> result = streams.result(run);
        if (LangGraphRuns.deleteWhenDone(body, run.stateless())) {
            forget(run);
        }
        return ResponseEntity.ok().header("Content-Location", location(run)).body(result);
    }

    private void streamNew(LangGraphRun run, RunBody body, HttpServletResponse response) {
        response.setHeader("Content-Location", location(run));
        response.setHeader("Location", location(run) + "/stream");
        Set<String> modes = StreamModes.parse(body.streamMode());
        EventStreamer.Ending ending = streams.stream(run, modes, null, true, response);
        if (ending == EventStreamer.Ending.DISCONNECTED && !"continue".equals(body.onDisconnect())) {
            cancels.cancel(run, false);
        } else if (ending == EventStreamer.Ending.END && LangGraphRuns.deleteWhenDone(body, run.stateless())) {
            forget(run);
        }
    }

    private void rejoin(LangGraphRun run, List<String> streamMode, String cancelOnDisconnect, String lastEventId,
                        HttpServletResponse response) {
        // without stream_mode, a join streams the modes the run was asked with
        Set<String> modes = streamMode == null || streamMode.isEmpty()
                ? StreamModes.of(run.streamModes()) : StreamModes.parse(streamMode, mapper);
        response.setHeader("Content-Location", location(run));
        response.setHeader("Location", location(run) + "/stream");
        EventStreamer.Ending ending = streams.stream(run, modes, lastEventId, true, response);
        if (ending == EventStreamer.Ending.DISCONNECTED && truthy(cancelOnDisconnect)) {
            cancels.cancel(run, false);
        }
    }

    /** A stateless run's session and record, once its client has had its answer (on_completion delete). */
    private void forget(LangGraphRun run) {
        store.deleteRun(run.runId());
        sessions.delete(run.threadId());
    }

    /** The run of the thread, if the caller may see it (a stateless run's thread is the session of its own). */
    private LangGraphRun visible(String threadId, String runId, Caller caller) {
        return store.findRun(runId).filter(r -> r.threadId().equals(threadId) && caller.maySee(r.userId()))
                .orElseThrow(() -> ApiException.notFound("No run " + runId + " on thread " + threadId));
    }

    /** Where the SDK finds the run (relative to its apiUrl, which ends in /langgraph). */
    private static String location(LangGraphRun run) {
        return run.stateless() ? "/runs/" + run.runId() : "/threads/" + run.threadId() + "/runs/" + run.runId();
    }

    private static boolean cancelAction(String action) {
        if (action == null || action.equals("interrupt")) {
            return false;
        }
        if (action.equals("rollback")) {
            return true;
        }
        throw ApiException.invalid("action", "must be interrupt or rollback");
    }

    private static boolean truthy(String flag) {
        return flag != null && (flag.equals("1") || flag.equalsIgnoreCase("true"));
    }
}
