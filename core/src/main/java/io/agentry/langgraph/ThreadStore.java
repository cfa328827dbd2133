package io.agentry.langgraph;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * LangGraph threads, runs and crons: what the LangGraph API needs beyond sessions, tasks and schedules (a thread
 * before its first message, its metadata, the runs of a thread and the runs not yet handed to the queue, what a
 * cron's runs are asked). Safe for concurrent use
 * by many processes: {@link #moveRun} is conditional, so exactly one caller wins a move.
 */
public interface ThreadStore {

    /** Creates the thread; false (and nothing written) when a thread of that id exists. */
    boolean create(LangGraphThread thread);

    Optional<LangGraphThread> find(String threadId);

    /** Replaces the thread's metadata; empty when there is no such thread. */
    Optional<LangGraphThread> updateMetadata(String threadId, String metadataJson, Instant now);

    /** Deletes the thread and its runs; false when there was none. */
    boolean delete(String threadId);

    /** The user's threads, newest first (created, then id), skipping {@code offset}. */
    List<LangGraphThread> list(String userId, int offset, int limit);

    /** Deletes every thread, run and cron of the user; returns how many threads. */
    int deleteUser(String userId);

    void addRun(LangGraphRun run);

    Optional<LangGraphRun> findRun(String runId);

    /** The thread's runs, newest first (created, then id), skipping {@code offset}. */
    List<LangGraphRun> runs(String threadId, int offset, int limit);

    boolean deleteRun(String runId);

    /**
     * Up to {@code limit} runs that need a dispatcher, oldest first: those {@link LangGraphRun.Dispatch#WAITING} and due
     * at {@code now}, and those {@link LangGraphRun.Dispatch#INTERRUPTED}.
     */
    List<LangGraphRun> due(Instant now, int limit);

    void addCron(LangGraphCron cron);

    Optional<LangGraphCron> findCron(String cronId);

    /** Replaces the cron's fields (not its owner or creation time); false when there is no such cron. */
    boolean updateCron(LangGraphCron cron);

    boolean deleteCron(String cronId);

    /** The user's crons, oldest first (created, then id), skipping {@code offset}. */
    List<LangGraphCron> crons(String userId, int offset, int limit);

    /** Moves the run from {@code from} to {@code to} if it is in {@code from}; false when it is not (or is gone). */
    boolean moveRun(String runId, LangGraphRun.Dispatch from, LangGraphRun.Dispatch to);
}
