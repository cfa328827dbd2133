package io.agentry.server.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.memory.MemoryItem;
import io.agentry.memory.MemoryLimits;
import io.agentry.memory.MemoryStore;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    static final int DEFAULT_RESULTS = 10;

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

    private final MemoryStore store;
    private final MemoryLimits limits;
    private final JsonMapper json;
    private final Clock clock;

    MemoryController(MemoryStore store, MemoryLimits limits, JsonMapper json, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.json = json;
        this.clock = clock;
    }

    @Operation(summary = "Create or replace a memory item (201 when created, 200 when replaced)")
    @PutMapping(path = "/memories/{namespace}/{key}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ItemView> put(@PathVariable String namespace, @PathVariable String key,
                                 @RequestParam(name = "user_id", required = false) String userId,
                                 @RequestBody PutBody body, Caller caller) {
        String user = user(caller, userId);
        List<ApiException.FieldError> errors = addressErrors(namespace, key);
        String valueJson = null;
        if (body.value() == null || body.value().isNull() || body.value().isMissingNode()) {
            errors.add(new ApiException.FieldError("value", "is required (DELETE removes an item)"));
        } else {
            valueJson = json.writeValueAsString(body.value());
            limits.valueProblem(valueJson).ifPresent(p -> errors.add(new ApiException.FieldError("value", p)));
        }
        limits.textProblem(body.text()).ifPresent(p -> errors.add(new ApiException.FieldError("text", p)));
        Duration ttl = body.ttlSeconds() == null ? null : Duration.ofSeconds(body.ttlSeconds());
        MemoryLimits.ttlProblem(ttl).ifPresent(p -> errors.add(new ApiException.FieldError("ttl_seconds", p)));
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Instant now = clock.instant();
        String text = body.text() != null ? body.text() : textOf(body.value());
        MemoryStore.Written written = store.put(user, namespace, key, valueJson, text, ttl == null ? null : now.plus(ttl), now);
        ItemView view = view(written.item(), null);
        return written.created()
                ? ResponseEntity.created(URI.create("/memories/" + namespace + "/" + key)).body(view)
                : ResponseEntity.ok(view);
    }

    @Operation(summary = "A memory item")
    @GetMapping(path = "/memories/{namespace}/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
    ItemView get(@PathVariable String namespace, @PathVariable String key,
                 @RequestParam(name = "user_id", required = false) String userId, Caller caller) {
        String user = user(caller, userId);
        checkAddress(namespace, key);
        return store.get(user, namespace, key, clock.instant()).map(item -> view(item, null))
                .orElseThrow(() -> notFound(namespace, key));
    }

    @Operation(summary = "Delete a memory item")
    @DeleteMapping(path = "/memories/{namespace}/{key}")
    ResponseEntity<Void> delete(@PathVariable String namespace, @PathVariable String key,
                                @RequestParam(name = "user_id", required = false) String userId, Caller caller) {
        String user = user(caller, userId);
        checkAddress(namespace, key);
        if (!store.delete(user, namespace, key, clock.instant())) {
            throw notFound(namespace, key);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The items of a namespace, in key order, paged")
    @GetMapping(path = "/memories/{namespace}", produces = MediaType.APPLICATION_JSON_VALUE)
    ItemPage list(@PathVariable String namespace, @RequestParam(name = "user_id", required = false) String userId,
                  @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor,
                  Caller caller) {
        String user = user(caller, userId);
        List<ApiException.FieldError> errors = new ArrayList<>();
        MemoryLimits.namespaceProblem(namespace).ifPresent(p -> errors.add(new ApiException.FieldError("namespace", p)));
        int size = limit == null ? Page.DEFAULT_LIMIT : limit;
        if (!Page.isValidLimit(size)) {
            errors.add(new ApiException.FieldError("limit", Page.limitRule()));
        }
        if (cursor != null) {
            MemoryLimits.keyProblem(cursor).ifPresent(p -> errors.add(new ApiException.FieldError("cursor", p)));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        Page<MemoryItem> page = Page.of(store.list(user, namespace, cursor, size + 1, clock.instant()), size);
        return new ItemPage(page.items().stream().map(item -> view(item, null)).toList(), page.nextCursor(MemoryItem::key));
    }

    @Operation(summary = "Full-text search of the user's memory, best match first")
    @PostMapping(path = "/memories/search", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    SearchResults search(@RequestBody SearchBody body, Caller caller) {
        String user = user(caller, body.userId());
        List<ApiException.FieldError> errors = new ArrayList<>();
        MemoryLimits.queryProblem(body.query()).ifPresent(p -> errors.add(new ApiException.FieldError("query", p)));
        if (body.namespace() != null) {
            MemoryLimits.namespaceProblem(body.namespace())
                    .ifPresent(p -> errors.add(new ApiException.FieldError("namespace", p)));
        }
        int size = body.limit() == null ? DEFAULT_RESULTS : body.limit();
        if (!Page.isValidLimit(size)) {
            errors.add(new ApiException.FieldError("limit", Page.limitRule()));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new SearchResults(store.search(user, body.query(), body.namespace(), size, clock.instant()).stream()
                .map(hit -> view(hit.item(), hit.score())).toList());
    }

    /** The user the request acts for, with the same rules as a run's {@code user_id}. */
    private static String user(Caller caller, String userId) {
        if (userId != null && (userId.length() > 200 || userId.chars().anyMatch(Character::isISOControl))) {
            throw ApiException.invalid("user_id", "must be at most 200 characters, without control characters");
        }
        return caller.actingUser(userId);
    }

    private static List<ApiException.FieldError> addressErrors(String namespace, String key) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        MemoryLimits.namespaceProblem(namespace).ifPresent(p -> errors.add(new ApiException.FieldError("namespace", p)));
        MemoryLimits.keyProblem(key).ifPresent(p -> errors.add(new ApiException.FieldError("key", p)));
        return errors;
    }

    private static void checkAddress(String namespace, String key) {
        List<ApiException.FieldError> errors = addressErrors(namespace, key);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private static ApiException notFound(String namespace, String key) {
        return ApiException.notFound("No memory " + namespace + "/" + key);
    }

    /** The search text of a value sent without one: the value's strings, in document order. */
    private String textOf(JsonNode value) {
        StringBuilder text = new StringBuilder();
        collectStrings(value, text);
        return text.length() <= limits.maxTextChars() ? text.toString() : text.substring(0, limits.maxTextChars());
    }

    private void collectStrings(JsonNode node, StringBuilder text) {
        if (text.length() > limits.maxTextChars()) {
            return;
        }
        if (node.isString()) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(node.stringValue());
        } else if (node.isContainer()) {
            node.values().forEach(child -> collectStrings(child, text));
        }
    }

    private ItemView view(MemoryItem item, Double score) {
        return new ItemView(item.namespace(), item.key(), json.readTree(item.valueJson()), item.text(), item.createdAt(),
                item.updatedAt(), item.expiresAt(), score);
    }
}
