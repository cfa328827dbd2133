package io.agentry.store;

import dev.langchain4j.data.message.ChatMessage;
import java.util.List;

/**
 * Messages of a session read from the newest back ({@link SessionStore#historyBefore}).
 *
 * @param messages oldest first
 * @param before   where the page before this one ends: pass it as {@code before} to read on
 */
public record HistoryPage(List<ChatMessage> messages, long before) {

    public HistoryPage {
        messages = List.copyOf(messages);
    }
}
