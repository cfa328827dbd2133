package io.agentry.memory;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolException;
import java.time.Clock;
import java.util.List;

/**
 * Built-in tool {@code recall}: searches the long-term memory of the run's user and returns the best
 * matches, one per line as {@code namespace/key: text} (the value's JSON when the item has no text).
 */
public final class RecallTool implements Tool {

    public static final String NAME = "recall";
    public static final String NO_MATCH = "No memories match";
    static final int DEFAULT_LIMIT = 5;
    static final int MAX_LIMIT = 20;
    private static final int MAX_SHOWN_CHARS = 1_000;

    private static final ToolSpecification SPEC = ToolSpecification.builder()
            .name(NAME)
            .description("Searches the user's long-term memory (things remembered in earlier conversations) "
                    + "and returns the best matching memories.")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("query", "words to look for, e.g. \"favourite colour\"")
                    .addStringProperty("namespace", "optional: search only this group of memories")
                    .addIntegerProperty("limit", "optional: at most this many memories (1 to " + MAX_LIMIT
                            + ", default " + DEFAULT_LIMIT + ")")
                    .required("query")
                    .build())
            .build();

    private final MemoryStore store;
    private final Clock clock;

    public RecallTool(MemoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Idempotent: a read. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return SPEC;
    }

    @Override
    public String execute(ToolCall call) throws ToolException {
        String userId = user(call);
        String query = call.requiredString("query");
        String namespace = call.optionalString("namespace", null);
        int limit = call.optionalInt("limit", DEFAULT_LIMIT);
        String queryProblem = MemoryLimits.queryProblem(query).orElse(null);
        if (queryProblem != null) {
            throw new ToolException("query " + queryProblem);
        }
        String namespaceProblem = namespace == null ? null : MemoryLimits.namespaceProblem(namespace).orElse(null);
        if (namespaceProblem != null) {
            throw new ToolException("namespace " + namespaceProblem);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ToolException("limit must be between 1 and " + MAX_LIMIT);
        }
        List<MemoryStore.Hit> hits = store.search(userId, query, namespace, limit, clock.instant());
        if (hits.isEmpty()) {
            return NO_MATCH + " \"" + query.strip() + "\".";
        }
        StringBuilder out = new StringBuilder();
        for (MemoryStore.Hit hit : hits) {
            MemoryItem item = hit.item();
            String shown = item.text().isBlank() ? item.valueJson() : item.text();
            if (shown.length() > MAX_SHOWN_CHARS) {
                shown = shown.substring(0, MAX_SHOWN_CHARS) + "…";
            }
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(item.namespace()).append('/').append(item.key()).append(": ").append(shown);
        }
        return out.toString();
    }

    /** The run's user: memory is per user, so a run made for nobody has none. */
    static String user(ToolCall call) throws ToolException {
        if (call.context() == null || call.context().userId() == null || call.context().userId().isBlank()) {
            throw new ToolException("memory is not available: this run is not made for a user");
        }
        return call.context().userId();
    }
}
