package io.agentry.server.langgraph.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.memory.MemoryItem;
import io.agentry.memory.MemoryStore;
import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.langgraph.LangGraphUsers;
import io.agentry.server.memory.MemoryService;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * LangGraph's {@code /store} routes over the acting user's long-term memory ({@link MemoryService}, the same items
 * as {@code /memories}): a namespace (a list of labels) is the memory namespace of its labels joined by {@code .}
 * (so labels follow the memory namespace rules and hold no {@code .}); a query is the memory's full-text search.
 */
@RestController
@ConditionalOnApiRole
// LangGraph's own API reference describes these routes (README, "Use LangGraph clients")
@Hidden
@RequestMapping(path = "/langgraph/store", produces = MediaType.APPLICATION_JSON_VALUE)
class LangGraphStoreController {

    /** Body of {@code PUT /store/items}: {@code ttl} in minutes; {@code index} false (no search text) or fields. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Put(List<String> namespace, String key, JsonNode value, JsonNode index, Double ttl) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Delete(List<String> namespace, String key) {
    }

    /** Body of {@code POST /store/items/search}; {@code refresh_ttl} is ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Search(@JsonProperty("namespace_prefix") List<String> namespacePrefix, Map<String, Object> filter,
                  Integer limit, Integer offset, String query) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Namespaces(List<String> prefix, List<String> suffix, @JsonProperty("max_depth") Integer maxDepth,
                      Integer limit, Integer offset) {
    }

    /** How many items (or namespaces) a search or listing reads at most to serve a page. */
    static final int MAX_SCANNED = 1000;

    private final MemoryService memory;
    private final JsonMapper json;

    LangGraphStoreController(MemoryService memory, JsonMapper json) {
        this.memory = memory;
        this.json = json;
    }

    @PutMapping(path = "/items", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> put(@RequestBody Put body, Caller caller,
                             @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        String userId = LangGraphUsers.acting(caller, user);
        if (body.value() == null || !body.value().isObject()) {
            throw ApiException.invalid("value", "must be a JSON object");
        }
        String text = text(body.value(), body.index());
        Long ttlSeconds = body.ttl() == null ? null : Math.max(1, Math.round(body.ttl() * 60));
        memory.put(userId, namespace(body.namespace(), "namespace"), body.key(), body.value(), text, ttlSeconds);
        return ResponseEntity.noContent().build();
    }

    /** The item, or JSON {@code null} when there is none (the SDK's {@code getItem} then answers null). */
    @GetMapping("/items")
    ResponseEntity<Object> get(@RequestParam String namespace, @RequestParam String key, Caller caller,
                               @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        String userId = LangGraphUsers.acting(caller, user);
        List<String> labels = namespace.isEmpty() ? List.of() : Arrays.asList(namespace.split("\\.", -1));
        return memory.get(userId, namespace(labels, "namespace"), key)
                .<ResponseEntity<Object>>map(item -> ResponseEntity.ok(view(item, null)))
                .orElseGet(() -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body("null"));
    }

    @DeleteMapping(path = "/items", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> delete(@RequestBody Delete body, Caller caller,
                                @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        memory.delete(LangGraphUsers.acting(caller, user), namespace(body.namespace(), "namespace"), body.key());
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/items/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> search(@RequestBody(required = false) Search body, Caller caller,
                               @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        Search search = body == null ? new Search(null, null, null, null, null) : body;
        String userId = LangGraphUsers.acting(caller, user);
        int limit = LangGraphJson.limit(search.limit(), 10);
        int offset = LangGraphJson.offset(search.offset());
        String prefix = search.namespacePrefix() == null || search.namespacePrefix().isEmpty() ? null
                : namespace(search.namespacePrefix(), "namespace_prefix");
        List<Map<String, Object>> items = new ArrayList<>();
        if (search.query() != null && !search.query().isBlank()) {
            // the memory's ranked search, of every namespace, kept to the prefix and the filter here
            for (MemoryStore.Hit hit : memory.search(userId, search.query(), null, 100)) {
                if (MemoryStore.isUnder(hit.item().namespace(), prefix) && matches(hit.item(), search.filter())) {
                    items.add(view(hit.item(), hit.score()));
                }
            }
        } else {
            for (MemoryItem item : memory.listUnder(userId, prefix, 0, MAX_SCANNED)) {
                if (matches(item, search.filter())) {
                    items.add(view(item, null));
                }
            }
        }
        return Map.of("items", items.stream().skip(offset).limit(limit).toList());
    }

    @PostMapping(path = "/namespaces", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> namespaces(@RequestBody(required = false) Namespaces body, Caller caller,
                                   @RequestHeader(name = LangGraphUsers.HEADER, required = false) String user) {
        Namespaces query = body == null ? new Namespaces(null, null, null, null, null) : body;
        String userId = LangGraphUsers.acting(caller, user);
        int limit = LangGraphJson.limit(query.limit(), 100);
        int offset = LangGraphJson.offset(query.offset());
        if (query.maxDepth() != null && query.maxDepth() < 1) {
            throw ApiException.invalid("max_depth", "must be 1 or more");
        }
        String prefix = query.prefix() == null || query.prefix().isEmpty() ? null : namespace(query.prefix(), "prefix");
        Set<List<String>> found = new LinkedHashSet<>();
        for (String namespace : memory.namespaces(userId, prefix, MAX_SCANNED)) {
            List<String> labels = Arrays.asList(namespace.split("\\.", -1));
            if (query.suffix() != null && !query.suffix().isEmpty() && !endsWith(labels, query.suffix())) {
                continue;
            }
            found.add(query.maxDepth() == null || labels.size() <= query.maxDepth() ? labels
                    : labels.subList(0, query.maxDepth()));
        }
        return Map.of("namespaces", found.stream().skip(offset).limit(limit).toList());
    }

    private Map<String, Object> view(MemoryItem item, Double score) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("namespace", Arrays.asList(item.namespace().split("\\.", -1)));
        view.put("key", item.key());
        view.put("value", json.readValue(item.valueJson(), Map.class));
        view.put("created_at", LangGraphJson.time(item.createdAt()));
        view.put("updated_at", LangGraphJson.time(item.updatedAt()));
        if (score != null) {
            view.put("score", score);
        }
        return view;
    }

    @SuppressWarnings("unchecked")
    private boolean matches(MemoryItem item, Map<String, Object> filter) {
        return filter == null || LangGraphJson.matches(json.readValue(item.valueJson(), Map.class), filter);
    }

    /** The search text: the value's strings, none ({@code index: false}), or the named fields' strings. */
    private String text(JsonNode value, JsonNode index) {
        if (index == null || index.isNull()) {
            return null;
        }
        if (index.isBoolean() && !index.asBoolean()) {
            return "";
        }
        if (!index.isArray()) {
            throw ApiException.invalid("index", "must be false or a list of fields");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode field : index) {
            JsonNode part = value.at("/" + field.asString("").replace(".", "/"));
            if (!part.isMissingNode()) {
                text.append(text.isEmpty() ? "" : " ").append(memory.searchText(part));
            }
        }
        return text.toString();
    }

    /** The memory namespace of a LangGraph namespace: its labels joined by {@code .}; 422 for an empty list or label. */
    private static String namespace(List<String> labels, String field) {
        if (labels == null || labels.isEmpty()) {
            throw ApiException.invalid(field, "must be a list of one or more labels");
        }
        for (String label : labels) {
            if (label == null || label.isEmpty() || label.contains(".")) {
                throw ApiException.invalid(field, "labels must be non-empty and hold no '.'");
            }
        }
        return String.join(".", labels);
    }

    private static boolean endsWith(List<String> labels, List<String> suffix) {
        return labels.size() >= suffix.size() && labels.subList(labels.size() - suffix.size(), labels.size()).equals(suffix);
    }
}
