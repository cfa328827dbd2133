package io.agentry.server.langgraph.threads;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.langgraph.LangGraphCron;
import io.agentry.langgraph.LangGraphThread;
import io.agentry.langgraph.ThreadStore;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.langgraph.LangGraphUsers;
import io.agentry.server.langgraph.RunCancels;
import io.agentry.server.langgraph.RunStates;
import io.agentry.server.langgraph.ThreadValues;
import io.agentry.server.schedules.ScheduleService;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.store.SessionMessage;
import io.agentry.store.SessionStore;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * LangGraph's {@code /threads} routes. A thread's state is its session's messages; Agentry keeps no checkpoints,
 * so a thread's history is its current state, and writing state ({@code POST/PATCH /threads/{id}/state}) is not
 * supported (501).
 */
@RestController
@ConditionalOnApiRole
// LangGraph's own API reference describes these routes (README, "Use LangGraph clients"); Agentry's OpenAPI
// document is for Agentry's API, whose rules (examples, descriptions) they do not follow
@Hidden
@RequestMapping(path = "/langgraph/threads", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "LangGraph")
class LangGraphThreadController {

    /** Body of {@code POST /threads}; {@code ttl} and {@code graph_id} are accepted and ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Create(@JsonProperty("thread_id") String threadId, Map<String, Object> metadata,
                  @JsonProperty("if_exists") String ifExists, List<Object> supersteps) {
    }

    /** Body of {@code PATCH /threads/{id}}: metadata merged into the thread's. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Update(Map<String, Object> metadata) {
    }

    /** Body of {@code POST /threads/search} and {@code /count}; sort, select, values and extract are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Search(Map<String, Object> metadata, List<String> ids, Integer limit, Integer offset, String status,
                  @JsonProperty("sort_by") String sortBy, @JsonProperty("sort_order") String sortOrder) {
    }

    private static final List<String> SORTS = List.of("thread_id", "status", "created_at", "updated_at", "state_updated_at");

    /** Body of {@code POST /threads/{id}/history}; before, metadata and checkpoint are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record History(Integer limit) {
    }

    /** How many threads a search reads at most to find a page of matches. */
    static final int MAX_SCANNED = 10_000;

    private final Threads threads;
    private final ThreadStore store;
    private final SessionStore sessions;
    private final ThreadValues values;
    private final RunStates states;
    private final RunCancels cancels;
    private final LangGraphJson json;
    private final Clock clock;
    private final ScheduleService schedules;

    LangGraphThreadController(Threads threads, ThreadStore store, SessionStore sessions, ThreadValues values, RunStates states,
                     RunCancels cancels, LangGraphJson json, Clock clock, ScheduleService schedules) {
        this.schedules = schedules;
        this.threads = threads;
        this.store = store;
        this.sessions = sessions;
        this.values = values;
        this.states = states;
        this.cancels = cancels;
        this.json = json;
        this.clock = clock;
    }

    @Operation(operationId = "langgraphCreateThread", summary = "LangGraph: create a thread",
            description = "if_exists raise (the default) answers 409 for an id in use; do_nothing answers the existing thread.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ThreadView create(@RequestBody(required = false) Create body, Caller caller, @Parameter(hidden = true)
                      @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        Create create = body == null ? new Create(null, null, null, null) : body;
        String userId = LangGraphUsers.acting(caller, user);
        if (create.supersteps() != null && !create.supersteps().isEmpty()) {
            throw ApiException.invalid("supersteps", "are not supported: Agentry threads take messages through runs");
        }
        if (create.ifExists() != null && !List.of("raise", "do_nothing").contains(create.ifExists())) {
            throw ApiException.invalid("if_exists", "must be raise or do_nothing");
        }
        Map<String, Object> metadata = create.metadata() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(create.metadata());
        metadata.values().removeIf(v -> v == null);
        return threads.view(threads.create(create.threadId(), userId, metadata, !"do_nothing".equals(create.ifExists())));
    }

    @Operation(operationId = "langgraphGetThread", summary = "LangGraph: a thread")
    @GetMapping("/{threadId}")
    ThreadView get(@PathVariable String threadId, Caller caller) {
        return threads.view(threads.visible(threadId, caller));
    }

    @Operation(operationId = "langgraphUpdateThread", summary = "LangGraph: merge metadata into a thread's")
    @PatchMapping(path = "/{threadId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ThreadView update(@PathVariable String threadId, @RequestBody(required = false) Update body, Caller caller) {
        LangGraphThread thread = threads.visible(threadId, caller);
        Map<String, Object> metadata = json.metadata(thread.metadataJson());
        if (body != null && body.metadata() != null) {
            metadata.putAll(body.metadata());
        }
        return threads.view(store.updateMetadata(threadId, json.write(metadata), clock.instant())
                .orElseThrow(() -> ApiException.notFound("No thread " + threadId)));
    }

    @Operation(operationId = "langgraphDeleteThread", summary = "LangGraph: delete a thread, its runs, crons and messages",
            description = "Runs of the thread that have not ended are cancelled first.")
    @DeleteMapping("/{threadId}")
    ResponseEntity<Void> delete(@PathVariable String threadId, Caller caller) {
        LangGraphThread thread = threads.visible(threadId, caller);
        cancels.cancelActive(states, threadId, false);
        // a cron on the thread is a schedule: left behind, it would tick for a thread that is gone, forever
        for (LangGraphCron cron : store.crons(thread.userId(), 0, Integer.MAX_VALUE)) {
            if (threadId.equals(cron.threadId())) {
                schedules.delete(cron.cronId());
                store.deleteCron(cron.cronId());
            }
        }
        store.delete(threadId);
        sessions.delete(threadId);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "langgraphSearchThreads", summary = "LangGraph: the acting user's threads, newest first",
            description = "Filters by metadata, ids and status; pages with limit and offset.")
    @PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<ThreadView> search(@RequestBody(required = false) Search body, Caller caller, @Parameter(hidden = true)
                            @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        Search search = body == null ? new Search(null, null, null, null, null, null, null) : body;
        int limit = LangGraphJson.limit(search.limit(), 10);
        int offset = LangGraphJson.offset(search.offset());
        if (search.sortBy() != null && !SORTS.contains(search.sortBy())) {
            throw ApiException.invalid("sort_by", "must be one of " + String.join(", ", SORTS));
        }
        if (search.sortOrder() != null && !List.of("asc", "desc").contains(search.sortOrder())) {
            throw ApiException.invalid("sort_order", "must be asc or desc");
        }
        String userId = LangGraphUsers.acting(caller, user);
        if (search.sortBy() == null && !"asc".equals(search.sortOrder())) {
            // newest first is the store's order: read only as far as the page
            return matching(search, userId, offset + limit).stream().skip(offset).map(threads::view).toList();
        }
        java.util.Comparator<ThreadView> order = switch (search.sortBy() == null ? "created_at" : search.sortBy()) {
            case "thread_id" -> java.util.Comparator.comparing(ThreadView::threadId);
            case "status" -> java.util.Comparator.comparing(ThreadView::status);
            case "updated_at" -> java.util.Comparator.comparing(ThreadView::updatedAt);
            case "state_updated_at" -> java.util.Comparator.comparing(ThreadView::stateUpdatedAt);
            default -> java.util.Comparator.comparing(ThreadView::createdAt).thenComparing(ThreadView::threadId);
        };
        return matching(search, userId, MAX_SCANNED).stream().map(threads::view)
                .sorted("asc".equals(search.sortOrder()) ? order : order.reversed()).skip(offset).limit(limit).toList();
    }

    @Operation(operationId = "langgraphCountThreads", summary = "LangGraph: count the acting user's threads that match")
    @PostMapping(path = "/count", consumes = MediaType.APPLICATION_JSON_VALUE)
    int count(@RequestBody(required = false) Search body, Caller caller, @Parameter(hidden = true)
              @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        Search search = body == null ? new Search(null, null, null, null, null, null, null) : body;
        return matching(search, LangGraphUsers.acting(caller, user), MAX_SCANNED).size();
    }

    @Operation(operationId = "langgraphCopyThread", summary = "LangGraph: copy a thread (metadata and messages) to a new one")
    @PostMapping("/{threadId}/copy")
    ThreadView copy(@PathVariable String threadId, Caller caller) {
        LangGraphThread source = threads.visible(threadId, caller);
        LangGraphThread copy = threads.create(null, source.userId(), json.metadata(source.metadataJson()), true);
        List<SessionMessage> messages = sessions.messages(threadId, 0, false, ThreadValues.MAX_MESSAGES);
        if (!messages.isEmpty()) {
            sessions.append(copy.threadId(), source.userId(), messages.stream().map(SessionMessage::message).toList());
        }
        return threads.view(copy);
    }

    @Operation(operationId = "langgraphThreadState", summary = "LangGraph: a thread's state",
            description = "values.messages are the session's messages as LangChain message objects.")
    @GetMapping({"/{threadId}/state", "/{threadId}/state/{checkpointId}"})
    Map<String, Object> state(@PathVariable String threadId, @PathVariable(required = false) String checkpointId,
                              Caller caller) {
        LangGraphThread thread = threads.visible(threadId, caller);
        Map<String, Object> state = state(thread);
        if (checkpointId != null && !checkpointId.equals(checkpointIdOf(state))) {
            throw ApiException.notFound("No checkpoint " + checkpointId + " of thread " + threadId
                    + " (Agentry keeps only the current state)");
        }
        return state;
    }

    @Operation(operationId = "langgraphThreadStateAtCheckpoint", summary = "LangGraph: a thread's state at a checkpoint "
            + "(only the current one is kept)")
    @PostMapping(path = "/{threadId}/state/checkpoint", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> stateAt(@PathVariable String threadId, @RequestBody(required = false) Map<String, Object> body,
                                Caller caller) {
        Object checkpoint = body == null ? null : body.get("checkpoint");
        Object id = checkpoint instanceof Map<?, ?> map ? map.get("checkpoint_id") : null;
        return state(threadId, id == null ? null : id.toString(), caller);
    }

    @Operation(operationId = "langgraphThreadHistory", summary = "LangGraph: a thread's past states, newest first",
            description = "One state per run that added to the thread (the conversation up to the end of that run), "
                    + "then, when the thread has no run yet, its empty state.")
    @PostMapping(path = "/{threadId}/history", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<Map<String, Object>> history(@PathVariable String threadId, @RequestBody(required = false) History body,
                                      Caller caller) {
        LangGraphThread thread = threads.visible(threadId, caller);
        int limit = LangGraphJson.limit(body == null ? null : body.limit(), 10);
        List<SessionMessage> messages = oldestFirst(thread.threadId());
        List<Integer> ends = new ArrayList<>();
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).message() instanceof dev.langchain4j.data.message.UserMessage) {
                ends.add(i);
            }
        }
        ends.add(messages.size());
        List<Map<String, Object>> states = new ArrayList<>();
        for (int k = ends.size() - 1; k >= 0 && states.size() < limit; k--) {
            states.add(state(thread, messages.subList(0, ends.get(k))));
        }
        return states;
    }

    @Operation(operationId = "langgraphWriteThreadState", summary = "LangGraph: writing a thread's state is not "
            + "supported (501)", description = "A thread's messages change only through runs.")
    @RequestMapping(path = "/{threadId}/state", method = {RequestMethod.POST, RequestMethod.PATCH})
    void writeState(@PathVariable String threadId, Caller caller) {
        threads.visible(threadId, caller);
        throw new ApiException(HttpStatus.NOT_IMPLEMENTED, "not-supported", "Not Supported",
                "A thread's state changes only through runs: Agentry keeps its messages, not graph checkpoints", null, null);
    }

    private Map<String, Object> state(LangGraphThread thread) {
        return state(thread, oldestFirst(thread.threadId()));
    }

    /** The thread's messages (the newest {@link ThreadValues#MAX_MESSAGES}), oldest first. */
    private List<SessionMessage> oldestFirst(String threadId) {
        List<SessionMessage> newestFirst = new ArrayList<>(sessions.messages(threadId, SessionStore.NEWEST, true,
                ThreadValues.MAX_MESSAGES));
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** The thread's state once it held {@code messages} (oldest first); its checkpoint id is the last one's id. */
    private Map<String, Object> state(LangGraphThread thread, List<SessionMessage> messages) {
        SessionMessage last = messages.isEmpty() ? null : messages.getLast();
        String checkpointId = last == null ? null : String.valueOf(last.id());
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("thread_id", thread.threadId());
        checkpoint.put("checkpoint_ns", "");
        checkpoint.put("checkpoint_id", checkpointId);
        checkpoint.put("checkpoint_map", null);
        Map<String, Object> state = new LinkedHashMap<>();
        // positions: the list holds the thread's newest messages, and a history state the first ones of those
        long total = sessions.find(thread.threadId()).map(i -> i.messageCount()).orElse((long) messages.size());
        long first = total - Math.min(total, ThreadValues.MAX_MESSAGES);
        state.put("values", ThreadValues.values(values.messages().of(thread.threadId(), messages, first)));
        state.put("next", List.of());
        state.put("checkpoint", checkpoint);
        state.put("metadata", json.metadata(thread.metadataJson()));
        state.put("created_at", LangGraphJson.time(last == null ? thread.createdAt() : last.createdAt()));
        state.put("parent_checkpoint", null);
        state.put("tasks", List.of());
        state.put("interrupts", List.of());
        return state;
    }

    @SuppressWarnings("unchecked")
    private static String checkpointIdOf(Map<String, Object> state) {
        Object id = ((Map<String, Object>) state.get("checkpoint")).get("checkpoint_id");
        return id == null ? null : id.toString();
    }

    /** The user's threads that match, newest first, at most {@code wanted} of them. */
    private List<LangGraphThread> matching(Search search, String userId, int wanted) {
        if (search.status() != null && !List.of("idle", "busy", "interrupted", "error").contains(search.status())) {
            throw ApiException.invalid("status", "must be one of idle, busy, interrupted, error");
        }
        List<LangGraphThread> found = new ArrayList<>();
        int page = 200;
        for (int offset = 0; offset < MAX_SCANNED && found.size() < wanted; offset += page) {
            List<LangGraphThread> batch = store.list(userId, offset, page);
            for (LangGraphThread thread : batch) {
                if ((search.ids() == null || search.ids().contains(thread.threadId()))
                        && LangGraphJson.matches(json.metadata(thread.metadataJson()), search.metadata())
                        && (search.status() == null || search.status().equals(threads.status(thread)))) {
                    found.add(thread);
                }
            }
            if (batch.size() < page) {
                break;
            }
        }
        return found.size() > wanted ? found.subList(0, wanted) : found;
    }
}
