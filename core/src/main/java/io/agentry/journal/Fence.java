package io.agentry.journal;

/**
 * What a journal write must present: the background task whose attempt writes and the attempt's lease token
 * ({@link io.agentry.queue.Lease#token()}). A fenced write is made only while the task is running under that
 * token, checked atomically with the write, so an attempt that lost its lease (expired, taken over, abandoned)
 * writes nothing. Runs that are not a task's attempt (sync and streamed) are not fenced: {@link #NONE}.
 */
public record Fence(String taskId, String leaseToken) {

    /** No fence: the write is always made. */
    public static final Fence NONE = new Fence(null, null);

    public Fence {
        if ((taskId == null) != (leaseToken == null)) {
            throw new IllegalArgumentException("a fence needs both a task id and a lease token, or neither");
        }
    }

    public boolean isFenced() {
        return taskId != null;
    }
}
