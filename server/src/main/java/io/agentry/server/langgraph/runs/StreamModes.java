package io.agentry.server.langgraph.runs;

import io.agentry.server.web.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** LangGraph's {@code stream_mode}: one mode or a list; {@code values} when absent. */
final class StreamModes {

    static final List<String> KNOWN = List.of("values", "updates", "messages", "messages-tuple", "events", "custom",
            "debug", "tasks", "checkpoints", "tools");

    private StreamModes() {
    }

    static Set<String> parse(JsonNode node) {
        Set<String> modes = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            modes.add("values");
        } else if (node.isString()) {
            modes.add(checked(node.asString()));
        } else if (node.isArray()) {
            for (JsonNode mode : node) {
                if (!mode.isString()) {
                    throw ApiException.invalid("stream_mode", "must be a mode or a list of modes");
                }
                modes.add(checked(mode.asString()));
            }
        } else {
            throw ApiException.invalid("stream_mode", "must be a mode or a list of modes");
        }
        return modes;
    }

    /** The query parameter of a rejoin: a mode, or a JSON list of modes as the SDK sends it. */
    static Set<String> parse(List<String> query, JsonMapper json) {
        if (query == null || query.isEmpty()) {
            return parse((JsonNode) null);
        }
        Set<String> modes = new LinkedHashSet<>();
        for (String value : query) {
            if (value.startsWith("[")) {
                modes.addAll(parse(json.readTree(value)));
            } else {
                modes.add(checked(value));
            }
        }
        return modes;
    }

    /** Modes as a run keeps them (comma-separated; null: {@code values}). */
    static Set<String> of(String stored) {
        if (stored == null || stored.isBlank()) {
            return parse((JsonNode) null);
        }
        return new LinkedHashSet<>(List.of(stored.split(",")));
    }

    private static String checked(String mode) {
        if (!KNOWN.contains(mode)) {
            throw ApiException.invalid("stream_mode", "must be among " + String.join(", ", KNOWN));
        }
        return mode;
    }
}
