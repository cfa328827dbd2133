package io.agentry.server.langgraph.runs;

import io.agentry.events.StoredEvent;
import io.agentry.server.langgraph.LangChainMessages;
import io.agentry.server.langgraph.ThreadValues;
import io.agentry.server.runs.EventStreamer;
import io.agentry.server.runs.SseWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders a run's Agentry events (its task's stream) as LangGraph stream events of the requested modes, for one
 * client connection:
 * <ul>
 *   <li>{@code token} → {@code messages} (messages-tuple: {@code [AIMessageChunk, metadata]}; a model call's tool calls
 *       and each tool's result come the same way, as a chunk with {@code tool_calls} and as a tool message),
 *       {@code messages/metadata} + {@code messages/partial} (messages), {@code events} ({@code on_chat_model_stream});</li>
 *   <li>a model call's message, once its tool calls are known → {@code updates} ({@code {agent: {messages: [ai]}}}),
 *       {@code values}, {@code messages/complete};</li>
 *   <li>{@code tool.finished} → {@code updates} ({@code {tools: {messages: [tool]}}}), {@code values},
 *       {@code messages/complete}, {@code events} ({@code on_tool_end}; {@code tool.started} gives {@code on_tool_start});</li>
 *   <li>{@code run.completed} → the final {@code values} (the thread as stored); {@code run.failed} → {@code error}
 *       ({@code {error, message}}); {@code run.cancelled} adds nothing; then {@code end} (data null), last.</li>
 * </ul>
 * Event ids: the events made of stored event {@code n} are {@code n:1}, {@code n:2}, … and the last is {@code n}, so
 * a client resuming with {@code Last-Event-ID} gets exactly what it missed ({@link #resumeFrom}): the stream is
 * rendered again from its start (what an event renders to depends on the events before it) and sent from there. {@code custom},
 * {@code debug}, {@code tasks} and {@code checkpoints} are accepted modes with nothing to send (an agent loop has no
 * custom events, tasks or checkpoints).
 */
final class LangGraphRenderer implements EventStreamer.Renderer {

    /**
     * What a {@code Last-Event-ID} says the client has: the events of the stored events before {@code storedId}, and
     * of {@code storedId}'s the first {@code part} ({@link Integer#MAX_VALUE}: all of them).
     */
    record Resume(long storedId, int part) {
    }

    private final String runId;
    private final Set<String> modes;
    private final JsonMapper json;
    private final LangChainMessages messages;
    private final Supplier<ThreadValues.Messages> base;
    private final String threadId;
    private final String input;
    /** The position in the thread of the run's input; its messages follow it. */
    private long inputPosition;
    private List<Map<String, Object>> state;
    private final Supplier<Map<String, Object>> finalValues;
    private final Resume resume;

    private int messageCount;
    private StringBuilder text;
    private String messageId;
    private List<Map<String, Object>> toolCalls;
    private boolean messageOpen;
    private List<Pending> pending;

    private record Pending(String type, Object data) {
    }

    /**
     * @param base        the thread's messages before the run (what {@code values} starts from), read when it starts
     * @param finalValues the thread's values once the run has completed (read then)
     */
    LangGraphRenderer(String runId, String threadId, String input, Set<String> modes, JsonMapper json,
                      LangChainMessages messages, Supplier<ThreadValues.Messages> base,
                      Supplier<Map<String, Object>> finalValues, Resume resume) {
        this.runId = runId;
        this.threadId = threadId;
        this.input = input;
        this.modes = modes;
        this.json = json;
        this.messages = messages;
        this.base = base;
        this.finalValues = finalValues;
        this.resume = resume;
        startAttempt();
    }

    static Resume resumeFrom(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return new Resume(0, 0);
        }
        try {
            String id = lastEventId.trim();
            int colon = id.indexOf(':');
            if (colon < 0) {
                long after = Long.parseLong(id);
                // -1 (or any negative id) is before every event: the whole stream, as LangGraph clients use it
                return after < 0 ? new Resume(0, 0) : new Resume(after, Integer.MAX_VALUE);
            } else {
                long of = Long.parseLong(id.substring(0, colon));
                int part = Integer.parseInt(id.substring(colon + 1));
                if (of >= 1 && part >= 1) {
                    return new Resume(of, part);
                }
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw io.agentry.server.web.ApiException.invalid("Last-Event-ID", "must be the id of an event received earlier");
    }

    private void startAttempt() {
        messageCount = 0;
        text = null;
        messageOpen = false;
        toolCalls = new ArrayList<>();
    }

    @Override
    public void write(StoredEvent event, SseWriter out) throws IOException {
        pending = new ArrayList<>();
        JsonNode data = json.readTree(event.data());
        switch (event.type()) {
            case "run.started" -> {
                // every attempt (a retry too) starts from the thread as it was before the run, with the run's input
                startState();
                startAttempt();
                add("values", ThreadValues.values(List.copyOf(state)));
            }
            case "token" -> token(data.path("text").asString(""));
            case "tool.started" -> {
                toolCalls.add(messages.toolCall(data.path("call_id").asString(null), data.path("tool").asString(null),
                        data.path("arguments").asString(null)));
                add("events", chainEvent("on_tool_start", data.path("tool").asString(null),
                        Map.of("input", data.path("arguments").asString(""))));
            }
            case "tool.finished" -> {
                closeMessage();
                boolean error = !data.path("error").isNull() && !data.path("error").isMissingNode();
                String content = error ? data.path("error").asString("") : data.path("result").asString("");
                Map<String, Object> tool = messages.tool(content, idOfMessage(++messageCount),
                        data.path("call_id").asString(null), data.path("tool").asString(null), error);
                complete("tools", tool);
                add("messages-tuple", List.of(tool, tupleMetadata()));
                add("events", chainEvent("on_tool_end", data.path("tool").asString(null), Map.of("output", tool)));
            }
            case "usage" -> {
                // the model call is over; its tool calls (tool.started) may still follow
            }
            case "run.completed" -> {
                closeMessage();
                add("values", finalValues.get());
                pending.add(new Pending("end", null));
            }
            case "run.failed" -> {
                closeMessage();
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("error", "RunError");
                error.put("message", data.path("error").asString("The run failed"));
                pending.add(new Pending("error", error));
                pending.add(new Pending("end", null));
            }
            case "run.cancelled" -> {
                closeMessage();
                pending.add(new Pending("end", null));
            }
            default -> {
                // stream.dropped and later kinds are not rendered
            }
        }
        flushPending(event.id(), out);
    }

    private void token(String delta) {
        if (!messageOpen) {
            messageOpen = true;
            text = new StringBuilder();
            toolCalls = new ArrayList<>();
            messageId = idOfMessage(messageCount + 1);
            if (modes.contains("messages")) {
                pending.add(new Pending("messages/metadata", Map.of(messageId, Map.of("metadata", tupleMetadata()))));
            }
        }
        text.append(delta);
        Map<String, Object> chunk = messages.aiChunk(delta, messageId);
        add("messages-tuple", List.of(chunk, tupleMetadata()));
        if (modes.contains("messages")) {
            pending.add(new Pending("messages/partial", List.of(messages.ai(text.toString(), messageId, List.of()))));
        }
        add("events", chainEvent("on_chat_model_stream", "agent", Map.of("chunk", chunk)));
    }

    /** The model call's message is whole: its text and tool calls are known. */
    private void closeMessage() {
        if (!messageOpen && toolCalls.isEmpty()) {
            return;
        }
        String id = messageOpen ? messageId : idOfMessage(messageCount + 1);
        Map<String, Object> ai = messages.ai(text == null ? "" : text.toString(), id, List.copyOf(toolCalls));
        if (!toolCalls.isEmpty()) {
            // the tool calls as a chunk of the message, as LangChain streams them
            add("messages-tuple", List.of(messages.toolCallChunk(id, List.copyOf(toolCalls)), tupleMetadata()));
        }
        messageCount++;
        messageOpen = false;
        text = null;
        toolCalls = new ArrayList<>();
        complete("agent", ai);
    }

    private void complete(String node, Map<String, Object> message) {
        if (state == null) {
            startState();
        }
        state.add(message);
        add("updates", Map.of(node, Map.of("messages", List.of(message))));
        add("values", ThreadValues.values(List.copyOf(state)));
        if (modes.contains("messages")) {
            pending.add(new Pending("messages/complete", List.of(message)));
        }
    }

    private void startState() {
        ThreadValues.Messages before = base.get();
        state = new ArrayList<>(before.messages());
        inputPosition = before.next();
        state.add(messages.human(input, LangChainMessages.idOf(threadId, inputPosition)));
    }

    /** The id of the run's {@code n}th message after its input (from 1): its position in the thread to be. */
    private String idOfMessage(int n) {
        if (state == null) {
            startState();
        }
        return LangChainMessages.idOf(threadId, inputPosition + n);
    }

    private void add(String mode, Object data) {
        if (modes.contains(mode)) {
            pending.add(new Pending(mode.equals("messages-tuple") ? "messages" : mode, data));
        }
    }

    private Map<String, Object> tupleMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("run_id", runId);
        metadata.put("langgraph_node", "agent");
        metadata.put("tags", List.of());
        return metadata;
    }

    private Map<String, Object> chainEvent(String kind, String name, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", kind);
        event.put("name", name);
        event.put("run_id", runId);
        event.put("tags", List.of());
        event.put("metadata", Map.of("langgraph_node", kind.contains("tool") ? "tools" : "agent"));
        event.put("data", data);
        return event;
    }

    private void flushPending(long storedId, SseWriter out) throws IOException {
        for (int i = 0; i < pending.size(); i++) {
            int part = i + 1;
            if (storedId < resume.storedId() || (storedId == resume.storedId() && part <= resume.part())) {
                continue;
            }
            String id = part == pending.size() ? String.valueOf(storedId) : storedId + ":" + part;
            Pending event = pending.get(i);
            out.event(id, event.type(), json.writeValueAsString(event.data()));
        }
    }
}
