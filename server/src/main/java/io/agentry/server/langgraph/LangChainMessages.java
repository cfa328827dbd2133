package io.agentry.server.langgraph;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.agentry.store.SessionMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Session messages as LangChain message objects, the shape LangGraph clients read in {@code values.messages}:
 * {@code type} human / ai / tool / system, {@code content} (text), {@code id}, and for ai {@code tool_calls}
 * ({@code {id, name, args, type: "tool_call"}}), for tool {@code tool_call_id} and {@code name}. A message's id is
 * its position in its thread ({@link #idOf}: the thread's id and the message's index, from 0), which a run streaming
 * the message knows before it is stored, so the ids a stream shows are the ids the thread's state shows afterwards.
 */
public final class LangChainMessages {

    private final JsonMapper json;

    public LangChainMessages(JsonMapper json) {
        this.json = json;
    }

    /** Stored messages that are a thread's from position {@code first} on, in order. */
    public List<Map<String, Object>> of(String threadId, List<SessionMessage> stored, long first) {
        List<Map<String, Object>> messages = new java.util.ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            Map<String, Object> message = of(stored.get(i).message(), idOf(threadId, first + i));
            if (message != null) {
                messages.add(message);
            }
        }
        return messages;
    }

    /** The id of the message at {@code position} (from 0) of the thread. */
    public static String idOf(String threadId, long position) {
        return threadId + "-" + position;
    }

    /** One message; null for a kind LangGraph clients have no type for. */
    public Map<String, Object> of(ChatMessage message, String id) {
        return switch (message) {
            case UserMessage user -> base("human", text(user), id);
            case AiMessage ai -> ai(ai.text(), id, ai.hasToolExecutionRequests()
                    ? ai.toolExecutionRequests().stream().map(this::toolCall).toList() : List.of());
            case ToolExecutionResultMessage result -> tool(result.text(), id, result.id(), result.toolName(), false);
            case SystemMessage system -> base("system", system.text(), id);
            default -> null;
        };
    }

    /** A human message. */
    public Map<String, Object> human(String text, String id) {
        return base("human", text, id);
    }

    /** An ai message ({@code type: "ai"}) with its tool calls. */
    public Map<String, Object> ai(String text, String id, List<Map<String, Object>> toolCalls) {
        Map<String, Object> message = base("ai", text == null ? "" : text, id);
        message.put("tool_calls", toolCalls);
        message.put("invalid_tool_calls", List.of());
        return message;
    }

    /** A streamed piece of an ai message ({@code type: "AIMessageChunk"}), as LangGraph's messages modes send. */
    public Map<String, Object> aiChunk(String text, String id) {
        Map<String, Object> chunk = base("AIMessageChunk", text, id);
        chunk.put("tool_calls", List.of());
        chunk.put("invalid_tool_calls", List.of());
        chunk.put("tool_call_chunks", List.of());
        return chunk;
    }

    /** The tool calls of an ai message as one streamed chunk: {@code tool_calls} and their {@code tool_call_chunks}. */
    public Map<String, Object> toolCallChunk(String id, List<Map<String, Object>> toolCalls) {
        Map<String, Object> chunk = aiChunk("", id);
        chunk.put("tool_calls", toolCalls);
        List<Map<String, Object>> pieces = new java.util.ArrayList<>();
        for (int i = 0; i < toolCalls.size(); i++) {
            Map<String, Object> call = toolCalls.get(i);
            Map<String, Object> piece = new LinkedHashMap<>();
            piece.put("name", call.get("name"));
            piece.put("args", json.writeValueAsString(call.get("args")));
            piece.put("id", call.get("id"));
            piece.put("index", i);
            piece.put("type", "tool_call_chunk");
            pieces.add(piece);
        }
        chunk.put("tool_call_chunks", pieces);
        return chunk;
    }

    /** A tool message: the result (or error) of the call {@code toolCallId}. */
    public Map<String, Object> tool(String text, String id, String toolCallId, String toolName, boolean error) {
        Map<String, Object> message = base("tool", text == null ? "" : text, id);
        message.put("tool_call_id", toolCallId);
        message.put("name", toolName);
        message.put("status", error ? "error" : "success");
        return message;
    }

    /** A tool call as LangChain's {@code tool_calls} hold it; arguments that are not a JSON object become {@code {}}. */
    public Map<String, Object> toolCall(String callId, String name, String arguments) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("id", callId);
        call.put("name", name);
        call.put("args", args(arguments));
        call.put("type", "tool_call");
        return call;
    }

    private Map<String, Object> toolCall(ToolExecutionRequest request) {
        return toolCall(request.id(), request.name(), request.arguments());
    }

    private Object args(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return Map.of();
        }
        try {
            JsonNode node = json.readTree(arguments);
            return node.isObject() ? json.treeToValue(node, Map.class) : Map.of();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private static Map<String, Object> base(String type, String content, String id) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("content", content == null ? "" : content);
        message.put("id", id);
        message.put("name", null);
        message.put("additional_kwargs", Map.of());
        message.put("response_metadata", Map.of());
        return message;
    }

    private static String text(UserMessage user) {
        if (user.hasSingleText()) {
            return user.singleText();
        }
        return user.contents().stream().filter(TextContent.class::isInstance).map(c -> ((TextContent) c).text())
                .collect(Collectors.joining("\n"));
    }
}
