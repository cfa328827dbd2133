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

    /** The thread's values now. */
    public Map<String, Object> of(String threadId) {
        return values(messages.of(stored(threadId, null)));
    }

    /** The thread's messages stored before {@code before} (null: all), as LangChain objects, oldest first. */
    public List<Map<String, Object>> messagesBefore(String threadId, Instant before) {
        return messages.of(stored(threadId, before));
    }

    public static Map<String, Object> values(List<Map<String, Object>> messages) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("messages", messages);
        return values;
    }

    private List<SessionMessage> stored(String threadId, Instant before) {
        List<SessionMessage> newestFirst = new ArrayList<>(sessions.messages(threadId, SessionStore.NEWEST, true, MAX_MESSAGES));
        if (before != null) {
            newestFirst.removeIf(m -> !m.createdAt().isBefore(before));
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
