package io.agentry.model;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.CustomMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts tokens with jtokkit. OpenAI models get their own encoding (o200k_base for the gpt-4o, gpt-4.1,
 * gpt-5 and o-series families, cl100k_base for older ones), so counts match the provider's. Other
 * providers publish no tokenizer; for them cl100k_base is used as a documented approximation (within a
 * few percent for English text). Chat framing follows OpenAI's published rule: 3 tokens per message
 * plus 3 to prime the reply; each tool definition costs the tokens of its JSON schema.
 *
 * <p>The built-in offline model reports exactly {@link #countRequest} as its input tokens, so budget
 * checks against it are exact. Thread-safe.
 *
 * <p>What is counted again and again is counted once: tool definitions are remembered (a bounded number;
 * they come from configuration), and so are texts (system prompts, messages) up to
 * {@link #MAX_REMEMBERED_TEXT_CHARS} characters per counter (one per encoding, at most four: ~64 MB in all),
 * then all of a counter's are forgotten at once and remembered anew. A run in a long session counts the same
 * history in its window walk, its budget check and (offline model) the model's usage, and the session's next
 * run counts it again; a lookup costs a small fraction of encoding.
 */
public final class TokenCounter {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    /** A message's framing: what {@link #countMessage} gives at least, whatever the message. */
    public static final int TOKENS_PER_MESSAGE = 3;
    static final int REPLY_PRIMING = 3;
    /** Remembered tool definitions per counter; beyond that they are counted each time. */
    static final int MAX_REMEMBERED = 1024;
    /** Message text remembered with its count, in characters (plus 64 per text), before all is forgotten. */
    static final long MAX_REMEMBERED_TEXT_CHARS = 8_000_000;
    private static final int ENTRY_OVERHEAD_CHARS = 64;
    private static final Map<String, TokenCounter> COUNTERS = new ConcurrentHashMap<>();

    private final Encoding encoding;
    private final boolean exact;
    private final Map<ToolSpecification, Integer> tools = new ConcurrentHashMap<>();
    /** Counts of message texts; {@link #rememberedChars} bounds them (an entry's overhead counts as 64 chars). */
    private final Map<String, Integer> texts = new ConcurrentHashMap<>();
    private final AtomicLong rememberedChars = new AtomicLong();

    /** Package-private for tests that need a counter with nothing remembered; everyone else uses {@link #forModel}. */
    TokenCounter(Encoding encoding, boolean exact) {
        this.encoding = encoding;
        this.exact = exact;
    }

    /** The counter for a model name, with or without our {@code provider:} prefix. */
    public static TokenCounter forModel(String model) {
        String id = model == null ? "" : model.toLowerCase(Locale.ROOT);
        String name = ModelId.parse(id).name();
        boolean openAiFamily = id.startsWith("openai:") || name.startsWith("gpt-") || name.startsWith("o1")
                || name.startsWith("o3") || name.startsWith("o4") || name.startsWith("chatgpt");
        boolean o200k = name.equals("offline") || name.startsWith("gpt-4o") || name.startsWith("gpt-4.1")
                || name.startsWith("gpt-5") || name.startsWith("o1") || name.startsWith("o3") || name.startsWith("o4")
                || name.startsWith("chatgpt");
        EncodingType type = o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE;
        boolean exact = openAiFamily || name.equals("offline");
        return COUNTERS.computeIfAbsent(type.getName() + (exact ? ":exact" : ""),
                k -> new TokenCounter(REGISTRY.getEncoding(type), exact));
    }

    /** Whether counts are the model's own tokenizer (OpenAI models, offline) or an approximation. */
    public boolean isExact() {
        return exact;
    }

    public Encoding encoding() {
        return encoding;
    }

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        Integer known = texts.get(text);
        if (known != null) {
            return known;
        }
        int tokens = encoding.countTokensOrdinary(text);
        long size = text.length() + ENTRY_OVERHEAD_CHARS;
        if (size <= MAX_REMEMBERED_TEXT_CHARS) {
            if (rememberedChars.addAndGet(size) > MAX_REMEMBERED_TEXT_CHARS) {
                // racing writers may clear twice or keep a few entries uncounted: the bound is approximate
                texts.clear();
                rememberedChars.set(size);
            }
            texts.put(text, tokens);
        }
        return tokens;
    }

    /** The prompt tokens of a request: every message with its framing, plus the tool definitions. */
    public int countRequest(List<ChatMessage> messages, List<ToolSpecification> tools) {
        int total = REPLY_PRIMING;
        for (ChatMessage message : messages) {
            total += countMessage(message);
        }
        if (tools != null) {
            for (ToolSpecification tool : tools) {
                total += countTool(tool);
            }
        }
        return total;
    }

    public int countTool(ToolSpecification tool) {
        Integer known = tools.get(tool);
        if (known != null) {
            return known;
        }
        int tokens = count(tool.toJson());
        if (tools.size() < MAX_REMEMBERED) {
            tools.put(tool, tokens);
        }
        return tokens;
    }

    /** How many texts are remembered now: for tests of the bound. */
    int rememberedTexts() {
        return texts.size();
    }

    public int countMessage(ChatMessage message) {
        int tokens = TOKENS_PER_MESSAGE;
        switch (message) {
            case SystemMessage system -> tokens += count(system.text());
            case UserMessage user -> {
                for (Content content : user.contents()) {
                    if (content instanceof TextContent text) {
                        tokens += count(text.text());
                    }
                }
            }
            case AiMessage ai -> {
                tokens += count(ai.text());
                if (ai.hasToolExecutionRequests()) {
                    for (ToolExecutionRequest request : ai.toolExecutionRequests()) {
                        tokens += TOKENS_PER_MESSAGE + count(request.name()) + count(request.arguments());
                    }
                }
            }
            case ToolExecutionResultMessage result -> tokens += count(result.toolName()) + count(result.text());
            case CustomMessage custom -> tokens += count(String.valueOf(custom.attributes()));
            default -> tokens += count(message.toString());
        }
        return tokens;
    }
}
