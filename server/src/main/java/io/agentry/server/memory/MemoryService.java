package io.agentry.server.memory;

import io.agentry.memory.MemoryItem;
import io.agentry.memory.MemoryLimits;
import io.agentry.memory.MemoryStore;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A user's long-term memory as the API offers it: items addressed by namespace and key, checked against
 * {@link MemoryLimits} (every problem of a request reported at once, as a 422 listing the fields), with a
 * search text derived from the value's strings when none is given, and expiry computed from a TTL.
 */
@Service
public class MemoryService {

    static final int DEFAULT_RESULTS = 10;

    private final MemoryStore store;
    private final MemoryLimits limits;
    private final JsonMapper json;
    private final Clock clock;

    MemoryService(MemoryStore store, MemoryLimits limits, JsonMapper json, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.json = json;
        this.clock = clock;
    }

    /** Creates or replaces an item; {@code text} null derives it from the value, {@code ttlSeconds} null keeps it. */
    public MemoryStore.Written put(String user, String namespace, String key, JsonNode value, String text, Long ttlSeconds) {
        List<ApiException.FieldError> errors = addressErrors(namespace, key);
        String valueJson = null;
        if (value == null || value.isNull() || value.isMissingNode()) {
            errors.add(new ApiException.FieldError("value", "is required (DELETE removes an item)"));
        } else {
            valueJson = json.writeValueAsString(value);
            limits.valueProblem(valueJson).ifPresent(p -> errors.add(new ApiException.FieldError("value", p)));
        }
        limits.textProblem(text).ifPresent(p -> errors.add(new ApiException.FieldError("text", p)));
        Duration ttl = ttlSeconds == null ? null : Duration.ofSeconds(ttlSeconds);
        MemoryLimits.ttlProblem(ttl).ifPresent(p -> errors.add(new ApiException.FieldError("ttl_seconds", p)));
        refuseIfAny(errors);
        Instant now = clock.instant();
        return store.put(user, namespace, key, valueJson, text != null ? text : textOf(value),
                ttl == null ? null : now.plus(ttl), now);
    }

    public Optional<MemoryItem> get(String user, String namespace, String key) {
        refuseIfAny(addressErrors(namespace, key));
        return store.get(user, namespace, key, clock.instant());
    }

    public boolean delete(String user, String namespace, String key) {
        refuseIfAny(addressErrors(namespace, key));
        return store.delete(user, namespace, key, clock.instant());
    }

    /** A page of a namespace's items in key order, after the key {@code cursor} (null for the first page). */
    Page<MemoryItem> list(String user, String namespace, Integer limit, String cursor) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        MemoryLimits.namespaceProblem(namespace).ifPresent(p -> errors.add(new ApiException.FieldError("namespace", p)));
        int size = limit == null ? Page.DEFAULT_LIMIT : limit;
        if (!Page.isValidLimit(size)) {
            errors.add(new ApiException.FieldError("limit", Page.limitRule()));
        }
        if (cursor != null) {
            MemoryLimits.keyProblem(cursor).ifPresent(p -> errors.add(new ApiException.FieldError("cursor", p)));
        }
        refuseIfAny(errors);
        return Page.of(store.list(user, namespace, cursor, size + 1, clock.instant()), size);
    }

    /** Items matching {@code query}, best first, of one namespace or all ({@code namespace} null). */
    public List<MemoryStore.Hit> search(String user, String query, String namespace, Integer limit) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        MemoryLimits.queryProblem(query).ifPresent(p -> errors.add(new ApiException.FieldError("query", p)));
        if (namespace != null) {
            MemoryLimits.namespaceProblem(namespace).ifPresent(p -> errors.add(new ApiException.FieldError("namespace", p)));
        }
        int size = limit == null ? DEFAULT_RESULTS : limit;
        if (!Page.isValidLimit(size)) {
            errors.add(new ApiException.FieldError("limit", Page.limitRule()));
        }
        refuseIfAny(errors);
        return store.search(user, query, namespace, size, clock.instant());
    }

    /** The user's items under a namespace prefix ({@link MemoryStore#listUnder}); null for every namespace. */
    public List<MemoryItem> listUnder(String user, String prefix, int offset, int limit) {
        if (prefix != null) {
            MemoryLimits.namespaceProblem(prefix).ifPresent(p -> refuseIfAny(List.of(new ApiException.FieldError("namespace", p))));
        }
        return store.listUnder(user, prefix, offset, limit, clock.instant());
    }

    /** The user's namespaces under a prefix ({@link MemoryStore#namespaces}); null for every one. */
    public List<String> namespaces(String user, String prefix, int limit) {
        return store.namespaces(user, prefix, limit, clock.instant());
    }

    /** The search text {@link #put} derives from a value sent without one. */
    public String searchText(JsonNode value) {
        return textOf(value);
    }

    private static List<ApiException.FieldError> addressErrors(String namespace, String key) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        MemoryLimits.namespaceProblem(namespace).ifPresent(p -> errors.add(new ApiException.FieldError("namespace", p)));
        MemoryLimits.keyProblem(key).ifPresent(p -> errors.add(new ApiException.FieldError("key", p)));
        return errors;
    }

    private static void refuseIfAny(List<ApiException.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
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
}
