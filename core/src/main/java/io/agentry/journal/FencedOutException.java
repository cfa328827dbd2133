package io.agentry.journal;

/**
 * A journal write was refused by its {@link Fence}: the attempt no longer holds its task's lease, and another
 * attempt may be running. The attempt must stop without any further effect.
 */
public final class FencedOutException extends RuntimeException {

    public FencedOutException(String taskId) {
        super("task " + taskId + " is no longer held by this attempt: its journal write was refused");
    }
}
