package io.agentry.server.sessions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.agentry.store.SessionMessage;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A stored message of a session as {@code GET /sessions/{id}} shows it; absent fields are omitted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "One message of a session's history, as it is sent to the model in later runs")
record MessageView(
        @Schema(description = "The message's id: ids grow in the order messages were added (they are not consecutive); "
                + "next_cursor is one of them")
        long id,
        @Schema(description = "Who wrote it: user (the user's message), assistant (the model: an answer or tool calls), "
                + "tool (a tool's result), system", allowableValues = {"user", "assistant", "tool", "system"})
        String role,
        @Schema(description = "Its text; absent for an assistant message that only calls tools")
        String content,
        @Schema(description = "assistant only: the tool calls the model asked for")
        @JsonProperty("tool_calls") List<ToolCallView> toolCalls,
        @Schema(description = "tool only: the id of the tool call this is the result of")
        @JsonProperty("tool_call_id") String toolCallId,
        @Schema(description = "tool only: the name of the tool that produced it")
        @JsonProperty("tool_name") String toolName,
        @Schema(description = "When it was stored (the end of the run that added it)")
        @JsonProperty("created_at") Instant createdAt) {

    @Schema(description = "A tool call the model asked for")
    record ToolCallView(
            @Schema(description = "The call's id, repeated in tool_call_id of its result") String id,
            @Schema(description = "The tool called", example = "calculator") String name,
            @Schema(description = "Its arguments: a JSON text, as the model wrote it", example = "{\"expression\":\"17*23\"}")
            String arguments) {
    }

    static MessageView of(SessionMessage stored) {
        long id = stored.id();
        Instant at = stored.createdAt();
        return switch (stored.message()) {
            case UserMessage user -> new MessageView(id, "user", text(user), null, null, null, at);
            case AiMessage ai -> new MessageView(id, "assistant", ai.text(), ai.hasToolExecutionRequests()
                    ? ai.toolExecutionRequests().stream().map(c -> new ToolCallView(c.id(), c.name(), c.arguments())).toList()
                    : null, null, null, at);
            case ToolExecutionResultMessage result ->
                    new MessageView(id, "tool", result.text(), null, result.id(), result.toolName(), at);
            case SystemMessage system -> new MessageView(id, "system", system.text(), null, null, null, at);
            case ChatMessage other -> new MessageView(id, other.type().name().toLowerCase(Locale.ROOT), null, null, null, null, at);
        };
    }

    /** A user message's text parts (runs store text only; other parts, such as images, are not shown). */
    private static String text(UserMessage user) {
        if (user.hasSingleText()) {
            return user.singleText();
        }
        return user.contents().stream().filter(TextContent.class::isInstance).map(c -> ((TextContent) c).text())
                .collect(Collectors.joining("\n"));
    }
}
