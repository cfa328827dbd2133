package io.agentry.server.langgraph.assistants;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.web.ApiException;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * LangGraph's {@code /assistants} routes over the configured agents. Creating, changing and deleting assistants
 * through the API is not supported (501): an assistant is an agent of the server's configuration.
 */
@RestController
@ConditionalOnApiRole
// LangGraph's own API reference describes these routes (README, "Use LangGraph clients"); Agentry's OpenAPI
// document is for Agentry's API, whose rules (examples, descriptions) they do not follow
@Hidden
@RequestMapping(path = "/langgraph/assistants", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "LangGraph", description = "The LangGraph Server API for @langchain/langgraph-sdk (README, \"Use LangGraph clients\")")
class LangGraphAssistantController {

    /** Body of {@code POST /assistants/search} and {@code /assistants/count}; sort and select are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Search(@JsonProperty("graph_id") String graphId, String name, Map<String, Object> metadata, Integer limit,
                  Integer offset) {
    }

    private final Assistants assistants;

    LangGraphAssistantController(Assistants assistants) {
        this.assistants = assistants;
    }

    @Operation(operationId = "langgraphGetAssistant", summary = "LangGraph: an assistant (a configured agent) by id or graph id")
    @GetMapping("/{assistantId}")
    AssistantView get(@PathVariable String assistantId) {
        return found(assistantId);
    }

    @Operation(operationId = "langgraphSearchAssistants", summary = "LangGraph: search the assistants",
            description = "Filters by graph_id, name and metadata; pages with limit and offset. X-Pagination-Next holds "
                    + "the offset of the next page when there is one.")
    @PostMapping(path = "/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<List<AssistantView>> search(@RequestBody(required = false) Search search) {
        Search query = search == null ? new Search(null, null, null, null, null) : search;
        int limit = LangGraphJson.limit(query.limit(), 10);
        int offset = LangGraphJson.offset(query.offset());
        List<AssistantView> matching = matching(query);
        List<AssistantView> page = matching.stream().skip(offset).limit(limit).toList();
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header("X-Pagination-Total", String.valueOf(matching.size()));
        if (offset + page.size() < matching.size()) {
            answer.header("X-Pagination-Next", String.valueOf(offset + page.size()));
        }
        return answer.body(page);
    }

    @Operation(operationId = "langgraphCountAssistants", summary = "LangGraph: count the assistants that match")
    @PostMapping(path = "/count", consumes = MediaType.APPLICATION_JSON_VALUE)
    int count(@RequestBody(required = false) Search search) {
        return matching(search == null ? new Search(null, null, null, null, null) : search).size();
    }

    @Operation(operationId = "langgraphAssistantSchemas", summary = "LangGraph: what an assistant takes and keeps",
            description = "Input and state are {messages: [LangChain messages]}; the output is the state.")
    @GetMapping("/{assistantId}/schemas")
    Map<String, Object> schemas(@PathVariable String assistantId) {
        AssistantView assistant = found(assistantId);
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
    Map<String, Object> graph(@PathVariable String assistantId) {
        found(assistantId);
        return Map.of(
                "nodes", List.of(node("__start__"), node("agent"), node("tools"), node("__end__")),
                "edges", List.of(edge("__start__", "agent", false), edge("agent", "tools", true),
                        edge("tools", "agent", false), edge("agent", "__end__", true)));
    }

    @Operation(operationId = "langgraphAssistantSubgraphs", summary = "LangGraph: an assistant's subgraphs (none)")
    @GetMapping({"/{assistantId}/subgraphs", "/{assistantId}/subgraphs/{namespace}"})
    Map<String, Object> subgraphs(@PathVariable String assistantId) {
        found(assistantId);
        return Map.of();
    }

    @Operation(operationId = "langgraphChangeAssistants", summary = "LangGraph: creating, changing or deleting "
            + "assistants is not supported (501)", description = "Assistants are the agents of the server's configuration.")
    @org.springframework.web.bind.annotation.RequestMapping(method = {
            org.springframework.web.bind.annotation.RequestMethod.POST,
            org.springframework.web.bind.annotation.RequestMethod.PATCH,
            org.springframework.web.bind.annotation.RequestMethod.DELETE},
            path = {"", "/{assistantId}", "/{assistantId}/versions", "/{assistantId}/latest"})
    void unsupported() {
        throw new ApiException(HttpStatus.NOT_IMPLEMENTED, "not-supported", "Not Supported",
                "Assistants are the agents of the server's configuration (agentry.agents); they cannot be created, "
                        + "changed or deleted through the API", null, null);
    }

    private AssistantView found(String assistantId) {
        return assistants.find(assistantId).orElseThrow(() -> ApiException.notFound("No assistant " + assistantId));
    }

    private List<AssistantView> matching(Search query) {
        return assistants.all().stream()
                .filter(a -> query.graphId() == null || a.graphId().equals(query.graphId()))
                .filter(a -> query.name() == null || a.name().equals(query.name()))
                .filter(a -> LangGraphJson.matches(a.metadata(), query.metadata()))
                .toList();
    }

    private static Map<String, Object> node(String id) {
        return Map.of("id", id, "name", id, "data", id);
    }

    private static Map<String, Object> edge(String source, String target, boolean conditional) {
        return Map.of("source", source, "target", target, "conditional", conditional);
    }
}
