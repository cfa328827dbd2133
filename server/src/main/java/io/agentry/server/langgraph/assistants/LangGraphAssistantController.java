package io.agentry.server.langgraph.assistants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.langgraph.LangGraphUsers;
import io.agentry.server.web.Caller;
import java.util.Comparator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import io.agentry.server.web.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** LangGraph's {@code /assistants} routes: the configured agents, and assistants made of them ({@link Assistants}). */
@RestController
@ConditionalOnApiRole
// LangGraph's own API reference describes these routes (README, "Use LangGraph clients"); Agentry's OpenAPI
// document is for Agentry's API, whose rules (examples, descriptions) they do not follow
@Hidden
@RequestMapping(path = "/langgraph/assistants", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "LangGraph", description = "The LangGraph Server API for @langchain/langgraph-sdk (README, \"Use LangGraph clients\")")
class LangGraphAssistantController {

    /** Body of {@code POST /assistants/search} and {@code /assistants/count}; {@code select} is ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Search(@JsonProperty("graph_id") String graphId, String name, Map<String, Object> metadata, Integer limit,
                  Integer offset, @JsonProperty("sort_by") String sortBy, @JsonProperty("sort_order") String sortOrder) {
    }

    /** Body of {@code POST /assistants} and {@code PATCH /assistants/{id}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Write(@JsonProperty("assistant_id") String assistantId, @JsonProperty("graph_id") String graphId,
                 Map<String, Object> config, Object context, Map<String, Object> metadata,
                 @JsonProperty("if_exists") String ifExists, String name, String description) {

        Assistants.Content content() {
            return new Assistants.Content(graphId, name, description, config, context, metadata);
        }
    }

    /** Body of {@code POST /assistants/{id}/versions}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Versions(Map<String, Object> metadata, Integer limit, Integer offset) {
    }

    /** Body of {@code POST /assistants/{id}/latest}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Latest(Integer version) {
    }

    private static final Map<String, Comparator<AssistantView>> SORTS = Map.of(
            "assistant_id", Comparator.comparing(AssistantView::assistantId),
            "graph_id", Comparator.comparing(AssistantView::graphId),
            "name", Comparator.comparing(a -> a.name() == null ? "" : a.name()),
            "created_at", Comparator.comparing(AssistantView::createdAt),
            "updated_at", Comparator.comparing(AssistantView::updatedAt));

    private final Assistants assistants;

    LangGraphAssistantController(Assistants assistants) {
        this.assistants = assistants;
    }

    @Operation(operationId = "langgraphCreateAssistant", summary = "LangGraph: make an assistant of a configured agent")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    AssistantView create(@RequestBody Write body, Caller caller,
                         @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        String userId = LangGraphUsers.acting(caller, user);
        if (body.graphId() == null || body.graphId().isBlank()) {
            throw ApiException.invalid("graph_id", "is required");
        }
        if (body.ifExists() != null && !List.of("raise", "do_nothing").contains(body.ifExists())) {
            throw ApiException.invalid("if_exists", "must be raise or do_nothing");
        }
        return assistants.create(userId, body.assistantId(), body.content(), "do_nothing".equals(body.ifExists()), caller);
    }

    @Operation(operationId = "langgraphGetAssistant", summary = "LangGraph: an assistant by id (or a configured agent's graph id)")
    @GetMapping("/{assistantId}")
    AssistantView get(@PathVariable String assistantId, Caller caller) {
        return found(assistantId, caller);
    }

    @Operation(operationId = "langgraphUpdateAssistant", summary = "LangGraph: a new version of an assistant",
            description = "Fields sent replace the current version's; metadata is merged.")
    @PatchMapping(path = "/{assistantId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    AssistantView update(@PathVariable String assistantId, @RequestBody Write body, Caller caller) {
        return assistants.update(assistantId, body.content(), caller);
    }

    @Operation(operationId = "langgraphDeleteAssistant", summary = "LangGraph: delete an assistant with its versions")
    @DeleteMapping("/{assistantId}")
    ResponseEntity<Void> delete(@PathVariable String assistantId, Caller caller) {
        assistants.delete(assistantId, caller);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "langgraphAssistantVersions", summary = "LangGraph: an assistant's versions, newest first")
    @PostMapping(path = "/{assistantId}/versions", consumes = MediaType.APPLICATION_JSON_VALUE)
    List<AssistantView> versions(@PathVariable String assistantId, @RequestBody(required = false) Versions body, Caller caller) {
        Versions query = body == null ? new Versions(null, null, null) : body;
        return assistants.versions(assistantId, caller, query.metadata(), LangGraphJson.offset(query.offset()),
                LangGraphJson.limit(query.limit(), 10));
    }

    @Operation(operationId = "langgraphSetLatestAssistantVersion", summary = "LangGraph: make a version current")
    @PostMapping(path = "/{assistantId}/latest", consumes = MediaType.APPLICATION_JSON_VALUE)
    AssistantView setLatest(@PathVariable String assistantId, @RequestBody Latest body, Caller caller) {
        if (body.version() == null || body.version() < 1) {
            throw ApiException.invalid("version", "must be a version number (1 or more)");
        }
        return assistants.setLatest(assistantId, body.version(), caller);
    }

    @Operation(operationId = "langgraphSearchAssistants", summary = "LangGraph: search the assistants",
            description = "The configured agents' and the acting user's. Filters by graph_id, name and metadata; sorts by "
                    + "sort_by and sort_order; pages with limit and offset. X-Pagination-Next holds the offset of the next "
                    + "page when there is one.")
    @PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<AssistantView>> search(@RequestBody(required = false) Search search, Caller caller,
                                               @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        Search query = search == null ? new Search(null, null, null, null, null, null, null) : search;
        int limit = LangGraphJson.limit(query.limit(), 10);
        int offset = LangGraphJson.offset(query.offset());
        List<AssistantView> matching = matching(query, LangGraphUsers.acting(caller, user));
        List<AssistantView> page = matching.stream().skip(offset).limit(limit).toList();
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header("X-Pagination-Total", String.valueOf(matching.size()));
        if (offset + page.size() < matching.size()) {
            answer.header("X-Pagination-Next", String.valueOf(offset + page.size()));
        }
        return answer.body(page);
    }

    @Operation(operationId = "langgraphCountAssistants", summary = "LangGraph: count the assistants that match")
    @PostMapping(path = "/count", consumes = MediaType.APPLICATION_JSON_VALUE)
    int count(@RequestBody(required = false) Search search, Caller caller,
              @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        return matching(search == null ? new Search(null, null, null, null, null, null, null) : search,
                LangGraphUsers.acting(caller, user)).size();
    }

    @Operation(operationId = "langgraphAssistantSchemas", summary = "LangGraph: what an assistant takes and keeps",
            description = "Input and state are {messages: [LangChain messages]}; the output is the state.")
    @GetMapping("/{assistantId}/schemas")
    Map<String, Object> schemas(@PathVariable String assistantId, Caller caller) {
        AssistantView assistant = found(assistantId, caller);
        Map<String, Object> state = Map.of("title", "MessagesState", "type", "object",
                "properties", Map.of("messages", Map.of("title", "Messages", "type", "array",
                        "items", Map.of("type", "object", "description", "A LangChain message: type human, ai, tool or "
                                + "system; content; id; tool_calls (ai); tool_call_id (tool)"))),
                "required", List.of("messages"));
        Map<String, Object> schemas = new LinkedHashMap<>();
        schemas.put("graph_id", assistant.graphId());
        schemas.put("input_schema", state);
        schemas.put("output_schema", state);
        schemas.put("state_schema", state);
        schemas.put("config_schema", Map.of("title", "Configurable", "type", "object", "properties", Map.of()));
        schemas.put("context_schema", Map.of("title", "Context", "type", "object", "properties", Map.of()));
        return schemas;
    }

    @Operation(operationId = "langgraphAssistantGraph", summary = "LangGraph: an assistant's graph (the agent loop)",
            description = "The agent loop as a graph: start → agent → tools → agent … → end.")
    @GetMapping("/{assistantId}/graph")
    Map<String, Object> graph(@PathVariable String assistantId, Caller caller) {
        found(assistantId, caller);
        return Map.of(
                "nodes", List.of(node("__start__"), node("agent"), node("tools"), node("__end__")),
                "edges", List.of(edge("__start__", "agent", false), edge("agent", "tools", true),
                        edge("tools", "agent", false), edge("agent", "__end__", true)));
    }

    @Operation(operationId = "langgraphAssistantSubgraphs", summary = "LangGraph: an assistant's subgraphs (none)")
    @GetMapping({"/{assistantId}/subgraphs", "/{assistantId}/subgraphs/{namespace}"})
    Map<String, Object> subgraphs(@PathVariable String assistantId, Caller caller) {
        found(assistantId, caller);
        return Map.of();
    }

    private AssistantView found(String assistantId, Caller caller) {
        return assistants.find(assistantId, caller).orElseThrow(() -> Assistants.notFound(assistantId));
    }

    private List<AssistantView> matching(Search query, String userId) {
        Comparator<AssistantView> order = null;
        if (query.sortBy() != null) {
            order = SORTS.get(query.sortBy());
            if (order == null) {
                throw ApiException.invalid("sort_by", "must be one of " + String.join(", ", SORTS.keySet()));
            }
        }
        if (query.sortOrder() != null && !List.of("asc", "desc").contains(query.sortOrder())) {
            throw ApiException.invalid("sort_order", "must be asc or desc");
        }
        List<AssistantView> matching = assistants.all(userId).stream()
                .filter(a -> query.graphId() == null || a.graphId().equals(query.graphId()))
                .filter(a -> query.name() == null || query.name().equals(a.name()))
                .filter(a -> LangGraphJson.matches(a.metadata(), query.metadata()))
                .toList();
        if (order == null) {
            return matching;
        }
        return matching.stream().sorted("desc".equals(query.sortOrder()) ? order.reversed() : order).toList();
    }

    private static Map<String, Object> node(String id) {
        return Map.of("id", id, "name", id, "data", id);
    }

    private static Map<String, Object> edge(String source, String target, boolean conditional) {
        return Map.of("source", source, "target", target, "conditional", conditional);
    }
}
