package io.agentry.server.langgraph;

import io.agentry.server.web.ApiException;
import tools.jackson.databind.JsonNode;

/** Reading the text of a LangGraph {@code input} (runs and crons). */
public final class LangGraphInputs {

    private LangGraphInputs() {
    }

    /**
     * The text of the last human message of {@code input.messages} (a message is {@code {role: user|human, content}}
     * or {@code {type: human, content}}, content a string or a list of parts whose text parts are joined); 422 when
     * there is none, or it is empty or longer than 10,000 characters. Earlier messages are not sent: the thread
     * already holds the conversation.
     */
    public static String lastHumanMessage(JsonNode input) {
        JsonNode messages = input == null ? null : input.get("messages");
        if (messages == null || !messages.isArray()) {
            throw ApiException.invalid("input.messages", "must be a list with a human message");
        }
        String text = null;
        for (JsonNode message : messages) {
            String role = message.path("role").asString(message.path("type").asString(""));
            if (role.equals("user") || role.equals("human")) {
                text = text(message.get("content"));
            }
        }
        if (text == null || text.isBlank()) {
            throw ApiException.invalid("input.messages", "must hold a human message with text");
        }
        if (text.length() > 10_000) {
            throw ApiException.invalid("input.messages", "the human message must be at most 10,000 characters");
        }
        return text;
    }

    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isString()) {
            return content.asString();
        }
        if (content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (part.isString()) {
                    text.append(part.asString());
                } else if ("text".equals(part.path("type").asString(""))) {
                    text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asString(""));
                }
            }
            return text.toString();
        }
        throw ApiException.invalid("input.messages", "content must be text or a list of parts");
    }
}
