package io.agentry.langgraph;

import java.util.List;
import java.util.Optional;

/**
 * Assistants made through the LangGraph API, with every version kept: an assistant is its current version (the
 * latest made, or the one {@link #setCurrent} chose). Safe for concurrent use by many processes: versions of one
 * assistant are numbered 1, 2, 3... without gaps or repeats however many callers add them at once.
 */
public interface AssistantStore {

    /** Creates the assistant with {@code first} as its version 1; false (nothing written) when the id exists. */
    boolean create(AssistantRecord first);

    /** The assistant's current version. */
    Optional<AssistantRecord> find(String assistantId);

    /** Adds the next version (numbered after the highest) with {@code next}'s content and makes it current. */
    Optional<AssistantRecord> addVersion(AssistantRecord next);

    /** The assistant's versions, newest (highest) first, skipping {@code offset}. */
    List<AssistantRecord> versions(String assistantId, int offset, int limit);

    /** Makes version {@code version} current; empty when the assistant or that version does not exist. */
    Optional<AssistantRecord> setCurrent(String assistantId, int version);

    /** Deletes the assistant with every version; false when there was none. */
    boolean delete(String assistantId);

    /** The user's assistants (current versions), newest first (created, then id), skipping {@code offset}. */
    List<AssistantRecord> list(String userId, int offset, int limit);

    /** Deletes every assistant of the user; returns how many. */
    int deleteUser(String userId);
}
