package com.example.tools;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolException;

/**
 * A tool written against the Agentry tool API: listed in META-INF/services/io.agentry.tool.Tool, made once with
 * its public no-argument constructor, and called from many runs at once (so it keeps no per-call state).
 */
public final class WordCountTool implements Tool {

    private static final ToolSpecification SPECIFICATION = ToolSpecification.builder()
            .name("word_count")
            .description("Counts the words and characters of a text")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("text", "the text to count")
                    .required("text")
                    .build())
            .build();

    @Override
    public ToolSpecification specification() {
        return SPECIFICATION;
    }

    @Override
    public String execute(ToolCall call) throws ToolException {
        // requiredString throws a ToolException, which the model reads as the reason the call failed
        String text = call.requiredString("text");
        String trimmed = text.strip();
        int words = trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
        return words + " words, " + text.length() + " characters";
    }
}
