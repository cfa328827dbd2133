package io.agentry.server.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.memory.MemoryItem;
import io.agentry.memory.MemoryStore;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.Page;
import io.agentry.server.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Long-term memory of a user: {@code PUT/GET/DELETE /memories/{namespace}/{key}},
 * {@code GET /memories/{namespace}} (paged by key) and {@code POST /memories/search}. Every request acts
 * for one user (a bound key's, or the {@code user_id} a service key names) and reaches only that user's
 * items: another user's item is indistinguishable from a missing one (404).
 */
@RestController
@ConditionalOnApiRole
@Tag(name = "Memory", description = "A user's long-term memory: JSON items by namespace and key, with full-text search")
class MemoryController {

    @Schema(description = "A memory item to store")
    record PutBody(
            @Schema(description = "Any JSON value (object, array, string, number, boolean)", requiredMode = Schema.RequiredMode.REQUIRED,
                    example = "{\"colour\": \"green\"}")
            JsonNode value,
            @Schema(description = "What search matches; by default the value's strings", example = "favourite colour: green")
            String text,
            @Schema(description = "Seconds until the item expires; kept until deleted when absent", example = "86400")
            @JsonProperty("ttl_seconds") Long ttlSeconds) {
    }

    @Schema(description = "A full-text search of one user's memory")
    record SearchBody(
            @Schema(description = "Words to look for", example = "favourite colour") String query,
            @Schema(description = "Search only this namespace", example = "preferences") String namespace,
            @Schema(description = "At most this many results, 1 to 100 (default 10)", example = "10") Integer limit,
            @Schema(description = "The user whose memory to search; required with a service key", example = "alice")
            @JsonProperty("user_id") String userId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A memory item; fields without a value are left out")
    record ItemView(
            @Schema(description = "Its namespace", example = "preferences")
            String namespace,
            @Schema(description = "Its key within the namespace", example = "colour")
            String key,
            @Schema(description = "Its value: any JSON value", example = "{\"colour\": \"green\"}")
            JsonNode value,
            @Schema(description = "What search matches", example = "favourite colour: green")
            String text,
            @Schema(description = "When it was first stored", example = "2026-12-04T18:05:11.994745Z")
            @JsonProperty("created_at") Instant createdAt,
            @Schema(description = "When it was last replaced", example = "2026-12-04T18:05:11.994745Z")
            @JsonProperty("updated_at") Instant updatedAt,
            @Schema(description = "When it expires, if it does", example = "2026-12-05T18:05:11.994745Z")
            @JsonProperty("expires_at") Instant expiresAt,
            @Schema(description = "Search results only: how well it matches (higher is better)", example = "0.82")
            Double score) {
    }

    @Schema(description = "One page of a namespace's items, in key order")
    record ItemPage(
            @Schema(description = "The items of this page")
            List<ItemView> items,
            @Schema(description = "Pass as cursor to get the next page; null on the last page")
            @JsonProperty("next_cursor") String nextCursor) {
    }

    @Schema(description = "Search results, best match first")
    record SearchResults(
            @Schema(description = "The matching items, each with its score")
            List<ItemView> results) {
    }

    private static final String NAMESPACE = "A namespace of the user's memory: up to 100 letters, digits and . _ : @ -, "
            + "starting with a letter or digit";
    private static final String KEY = "The item's key within the namespace: up to 200 letters, digits and . _ : @ -, "
            + "starting with a letter or digit";
    private static final String USER = "Whose memory: required with a service key, implied by a bound key";
    /** Example bodies the API documentation offers (a test sends each, with the parameters' examples). */
    static final String PUT_EXAMPLE = """
            {"value": {"colour": "green"}, "text": "favourite colour: green"}""";
    static final String SEARCH_EXAMPLE = """
            {"query": "favourite colour", "user_id": "alice"}""";

    private final MemoryService memory;
    private final JsonMapper json;

    MemoryController(MemoryService memory, JsonMapper json) {
        this.memory = memory;
        this.json = json;
    }

    @Operation(operationId = "putMemory", summary = "Create or replace a memory item (201 when created, 200 when replaced)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PutBody.class),
                    examples = @ExampleObject(name = "value", summary = "A JSON value with its search text",
                            description = "Stored for the user named by user_id (or the key's own user)", value = PUT_EXAMPLE))))
    @ApiResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location",
            description = "The item's URL", schema = @Schema(type = "string", example = "/memories/preferences/colour")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ItemView.class)))
    @ApiResponse(responseCode = "200", description = "Replaced", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ItemView.class)))
    @ProblemResponses(except = HttpStatus.NOT_FOUND) // creates what is missing
    @PutMapping(path = "/memories/{namespace}/{key}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ItemView> put(@Parameter(description = NAMESPACE, example = "preferences") @PathVariable String namespace,
                                 @Parameter(description = KEY, example = "colour") @PathVariable String key,
                                 @Parameter(description = USER, example = "alice")
                                 @RequestParam(name = "user_id", required = false) String userId,
                                 @RequestBody PutBody body, Caller caller) {
        MemoryStore.Written written = memory.put(caller.actingUser(userId), namespace, key, body.value(), body.text(),
                body.ttlSeconds());
        ItemView view = view(written.item(), null);
        return written.created()
                ? ResponseEntity.created(URI.create("/memories/" + namespace + "/" + key)).body(view)
                : ResponseEntity.ok(view);
    }

    @Operation(operationId = "getMemory", summary = "A memory item")
    @GetMapping(path = "/memories/{namespace}/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
    ItemView get(@Parameter(description = NAMESPACE, example = "preferences") @PathVariable String namespace,
                 @Parameter(description = KEY, example = "colour") @PathVariable String key,
                 @Parameter(description = USER, example = "alice")
                 @RequestParam(name = "user_id", required = false) String userId, Caller caller) {
        return memory.get(caller.actingUser(userId), namespace, key).map(item -> view(item, null))
                .orElseThrow(() -> notFound(namespace, key));
    }

    @Operation(operationId = "deleteMemory", summary = "Delete a memory item")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping(path = "/memories/{namespace}/{key}")
    ResponseEntity<Void> delete(@Parameter(description = NAMESPACE, example = "preferences") @PathVariable String namespace,
                                @Parameter(description = KEY, example = "colour") @PathVariable String key,
                                @Parameter(description = USER, example = "alice")
                                @RequestParam(name = "user_id", required = false) String userId, Caller caller) {
        if (!memory.delete(caller.actingUser(userId), namespace, key)) {
            throw notFound(namespace, key);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "listMemories", summary = "The items of a namespace, in key order, paged")
    @ProblemResponses(except = HttpStatus.NOT_FOUND) // a namespace without items is an empty page
    @GetMapping(path = "/memories/{namespace}", produces = MediaType.APPLICATION_JSON_VALUE)
    ItemPage list(@Parameter(description = NAMESPACE, example = "preferences") @PathVariable String namespace,
                  @Parameter(description = USER, example = "alice")
                  @RequestParam(name = "user_id", required = false) String userId,
                  @Parameter(description = "Items per page, 1 to 100 (default 20)", example = "20")
                  @RequestParam(required = false) Integer limit,
                  @Parameter(description = "next_cursor of the previous page; the first page when absent")
                  @RequestParam(required = false) String cursor,
                  Caller caller) {
        Page<MemoryItem> page = memory.list(caller.actingUser(userId), namespace, limit, cursor);
        return new ItemPage(page.items().stream().map(item -> view(item, null)).toList(), page.nextCursor(MemoryItem::key));
    }

    @Operation(operationId = "searchMemories", summary = "Full-text search of the user's memory, best match first",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = SearchBody.class),
                    examples = @ExampleObject(name = "words", summary = "Words to look for",
                            description = "Searches the memory of user alice", value = SEARCH_EXAMPLE))))
    @PostMapping(path = "/memories/search", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    SearchResults search(@RequestBody SearchBody body, Caller caller) {
        return new SearchResults(memory.search(caller.actingUser(body.userId()), body.query(), body.namespace(), body.limit())
                .stream().map(hit -> view(hit.item(), hit.score())).toList());
    }

    private static ApiException notFound(String namespace, String key) {
        return ApiException.notFound("No memory " + namespace + "/" + key);
    }

    private ItemView view(MemoryItem item, Double score) {
        return new ItemView(item.namespace(), item.key(), json.readTree(item.valueJson()), item.text(), item.createdAt(),
                item.updatedAt(), item.expiresAt(), score);
    }
}
