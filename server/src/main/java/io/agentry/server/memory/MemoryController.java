package io.agentry.server.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.memory.MemoryItem;
import io.agentry.memory.MemoryStore;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Instant;
import java.util.List;
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
class MemoryController {

    record PutBody(
            @Schema(description = "Any JSON value (object, array, string, number, boolean)", requiredMode = Schema.RequiredMode.REQUIRED)
            JsonNode value,
            @Schema(description = "What search matches; by default the value's strings")
            String text,
            @Schema(description = "Seconds until the item expires; kept until deleted when absent")
            @JsonProperty("ttl_seconds") Long ttlSeconds) {
    }

    record SearchBody(
            @Schema(description = "Words to look for", example = "favourite colour") String query,
            @Schema(description = "Search only this namespace") String namespace,
            @Schema(description = "At most this many results, 1 to 100 (default 10)") Integer limit,
            @Schema(description = "The user whose memory to search; required with a service key")
            @JsonProperty("user_id") String userId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemView(String namespace, String key, JsonNode value, String text,
                    @JsonProperty("created_at") Instant createdAt,
                    @JsonProperty("updated_at") Instant updatedAt,
                    @JsonProperty("expires_at") Instant expiresAt,
                    Double score) {
    }

    record ItemPage(List<ItemView> items, @JsonProperty("next_cursor") String nextCursor) {
    }

    record SearchResults(List<ItemView> results) {
    }

    private final MemoryService memory;
    private final JsonMapper json;

    MemoryController(MemoryService memory, JsonMapper json) {
        this.memory = memory;
        this.json = json;
    }

    @Operation(summary = "Create or replace a memory item (201 when created, 200 when replaced)")
    @PutMapping(path = "/memories/{namespace}/{key}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ItemView> put(@PathVariable String namespace, @PathVariable String key,
                                 @RequestParam(name = "user_id", required = false) String userId,
                                 @RequestBody PutBody body, Caller caller) {
        MemoryStore.Written written = memory.put(caller.actingUser(userId), namespace, key, body.value(), body.text(),
                body.ttlSeconds());
        ItemView view = view(written.item(), null);
        return written.created()
                ? ResponseEntity.created(URI.create("/memories/" + namespace + "/" + key)).body(view)
                : ResponseEntity.ok(view);
    }

    @Operation(summary = "A memory item")
    @GetMapping(path = "/memories/{namespace}/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
    ItemView get(@PathVariable String namespace, @PathVariable String key,
                 @RequestParam(name = "user_id", required = false) String userId, Caller caller) {
        return memory.get(caller.actingUser(userId), namespace, key).map(item -> view(item, null))
                .orElseThrow(() -> notFound(namespace, key));
    }

    @Operation(summary = "Delete a memory item")
    @DeleteMapping(path = "/memories/{namespace}/{key}")
    ResponseEntity<Void> delete(@PathVariable String namespace, @PathVariable String key,
                                @RequestParam(name = "user_id", required = false) String userId, Caller caller) {
        if (!memory.delete(caller.actingUser(userId), namespace, key)) {
            throw notFound(namespace, key);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The items of a namespace, in key order, paged")
    @GetMapping(path = "/memories/{namespace}", produces = MediaType.APPLICATION_JSON_VALUE)
    ItemPage list(@PathVariable String namespace, @RequestParam(name = "user_id", required = false) String userId,
                  @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                  Caller caller) {
        Page<MemoryItem> page = memory.list(caller.actingUser(userId), namespace, limit, cursor);
        return new ItemPage(page.items().stream().map(item -> view(item, null)).toList(), page.nextCursor(MemoryItem::key));
    }

    @Operation(summary = "Full-text search of the user's memory, best match first")
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
