package io.agentry.server.langgraph;

import io.agentry.store.SessionMessage;
import io.agentry.store.SessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A thread's values as LangGraph clients read them: {@code {"messages": [...]}}, the session's messages as
 * LangChain message objects, oldest first. At most {@link #MAX_MESSAGES} (the newest) are shown: a thread's
 * state is sent whole on every {@code values} event and state read.
 */
@Component
public class ThreadValues {

    public static final int MAX_MESSAGES = 1000;

    private final SessionStore sessions;
    private final LangChainMessages messages;

    ThreadValues(SessionStore sessions, JsonMapper json) {
        this.sessions = sessions;
        this.messages = new LangChainMessages(json);
    }

    public LangChainMessages messages() {
        return messages;
    }

    /** A thread's messages as LangChain objects, oldest first, and the position the next message will have. */
    public record Messages(List<Map<String, Object>> messages, long next) {
    }

    /** The thread's values now. */
    public Map<String, Object> of(String threadId) {
        return values(messagesBefore(threadId, null).messages());
    }

    /** The thread's messages stored before {@code before} (null: all), oldest first (at most the newest MAX_MESSAGES). */
    public Messages messagesBefore(String threadId, Instant before) {
        long total = sessions.find(threadId).map(s -> s.messageCount()).orElse(0L);
        List<SessionMessage> newestFirst = new ArrayList<>(sessions.messages(threadId, SessionStore.NEWEST, true, MAX_MESSAGES));
        if (before != null) {
            int later = 0;
            for (SessionMessage m : newestFirst) {
                if (!m.createdAt().isBefore(before)) {
                    later++;
                }
            }
            newestFirst.removeIf(m -> !m.createdAt().isBefore(before));
            total -= later;
        }
        Collections.reverse(newestFirst);
        return new Messages(messages.of(threadId, newestFirst, total - newestFirst.size()), total);
    }

    /** Stored messages of the thread ({@code oldestFirst}, ending with its newest) as LangChain objects. */
    public List<Map<String, Object>> newest(String threadId, List<SessionMessage> oldestFirst, long total) {
        return messages.of(threadId, oldestFirst, total - oldestFirst.size());
    }

    public static Map<String, Object> values(List<Map<String, Object>> messages) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("messages", messages);
        return values;
    }

}
