package io.agentry.server.runs;

import io.agentry.approval.Interruption;

/**
 * Where a run that is not a background task's ({@code POST /run}, sync or streamed) goes when it stops for approval:
 * a task, which waits interrupted and is continued by {@code POST /tasks/{id}/resume} like any other. Implemented by
 * the tasks feature; the runs feature knows only this.
 */
public interface RunContinuations {

    /**
     * Commits a new task of {@code command}'s user, agent and session that starts interrupted by {@code interruption}
     * and continues the run once resumed: its journal chain starts with the steps of the run's
     * ({@link RunCommand#journalId()}), so that it replays them.
     *
     * @return the task's id
     */
    String continueAsTask(RunCommand command, String agent, String sessionId, Interruption interruption);
}
