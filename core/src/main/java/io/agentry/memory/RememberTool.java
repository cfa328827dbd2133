package io.agentry.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolException;
import io.agentry.util.Sha256;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Built-in tool {@code remember}: writes a text to the long-term memory of the run's user. The value
 * stored is the text as a JSON string, searchable by its words. Without a {@code key}, one is derived
 * from the text (its first words and a hash of it), so remembering the same text twice keeps one item.
 */
public final class RememberTool implements Tool {

    public static final String NAME = "remember";
    /** Namespace of memories written by agents when the model names none. */
    public static final String DEFAULT_NAMESPACE = "notes";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SLUG_LENGTH = 60;
    private static final ToolSpecification SPEC = ToolSpecification.builder()
            .name(NAME)
            .description("Saves something worth keeping about the user (a preference, a fact, a decision) in "
                    + "long-term memory, so that later conversations can recall it.")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("text", "what to remember, as a self-contained sentence")
                    .addStringProperty("key", "optional short identifier; writing to an existing key replaces it")
                    .addStringProperty("namespace", "optional group of memories; default \"" + DEFAULT_NAMESPACE + "\"")
                    .required("text")
                    .build())
            .build();

    private final MemoryStore store;
    private final MemoryLimits limits;
    private final Clock clock;

    public RememberTool(MemoryStore store, MemoryLimits limits, Clock clock) {
        this.store = store;
        this.limits = limits;
        this.clock = clock;
    }

    /** Idempotent: the same value written to the same key again. */
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
        String userId = RecallTool.user(call);
        String text = call.requiredString("text").strip();
        String namespace = call.optionalString("namespace", DEFAULT_NAMESPACE).strip();
        String key = call.optionalString("key", null);
        key = key == null ? keyFor(text) : key.strip();
        check("text", limits.textProblem(text).orElse(null));
        check("namespace", MemoryLimits.namespaceProblem(namespace).orElse(null));
        check("key", MemoryLimits.keyProblem(key).orElse(null));
        String value;
        try {
            value = JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new ToolException("text cannot be stored");
        }
        check("text", limits.valueProblem(value).orElse(null));
        MemoryStore.Written written = store.put(userId, namespace, key, value, text, null, clock.instant());
        return "Remembered as " + namespace + "/" + key + (written.created() ? "" : " (replacing what was stored there)");
    }

    /** The first words of the text, as a slug, and 8 hex digits of its SHA-256. */
    static String keyFor(String text) {
        StringBuilder slug = new StringBuilder();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (slug.length() + word.length() + 1 > SLUG_LENGTH) {
                break;
            }
            slug.append(word).append('-');
        }
        return slug + HexFormat.of().formatHex(Sha256.of(text), 0, 4);
    }

    private static void check(String field, String problem) throws ToolException {
        if (problem != null) {
            throw new ToolException(field + " " + problem);
        }
    }
}
