package io.agentry.server.langgraph;

import io.agentry.server.web.ApiException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The JSON the LangGraph routes store and compare: metadata objects kept as text, and metadata filters. */
@Component
public class LangGraphJson {

    private final JsonMapper json;

    LangGraphJson(JsonMapper json) {
        this.json = json;
    }

    public JsonMapper mapper() {
        return json;
    }

    /** Stored metadata text as a map ({@code {}} for none). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> metadata(String stored) {
        if (stored == null || stored.isBlank()) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>(json.readValue(stored, Map.class));
    }

    /** Metadata to store: the client's object as text ({@code {}} for null). */
    public String write(Map<String, Object> metadata) {
        return json.writeValueAsString(metadata == null ? Map.of() : metadata);
    }

    public String write(Object value) {
        return json.writeValueAsString(value);
    }

    /**
     * Whether {@code metadata} matches the filter as LangGraph's searches do: every key of the filter is present
     * with an equal value (objects compared as a whole); a null or empty filter matches everything.
     */
    public static boolean matches(Map<String, Object> metadata, Map<String, Object> filter) {
        if (filter == null) {
            return true;
        }
        for (Map.Entry<String, Object> wanted : filter.entrySet()) {
            if (!metadata.containsKey(wanted.getKey()) || !Objects.equals(metadata.get(wanted.getKey()), wanted.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** LangGraph's timestamps: ISO-8601 in UTC. */
    public static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** A limit of a search: 1 to 1000 (default {@code fallback}), else 422. */
    public static int limit(Integer limit, int fallback) {
        if (limit == null) {
            return fallback;
        }
        if (limit < 1 || limit > 1000) {
            throw ApiException.invalid("limit", "must be between 1 and 1000");
        }
        return limit;
    }

    /** An offset of a search: 0 or more (default 0), else 422. */
    public static int offset(Integer offset) {
        if (offset == null) {
            return 0;
        }
        if (offset < 0) {
            throw ApiException.invalid("offset", "must be 0 or more");
        }
        return offset;
    }
}
