package io.agentry.agent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run's stop signal, shared between the run and whoever may stop it (a cancel request, a disconnected
 * client, a time limit). The first stop wins; callbacks registered with {@link #onStop} run once, on the
 * stopping thread, or at once if the run is already stopped.
 */
public final class Cancellation {

    /**
     * Why a run was stopped from outside: the one list of stop reasons, for runs and for the task attempts
     * that run them. The loop ends {@code failed} on {@link #TIME_LIMIT} and {@code cancelled} on every other;
     * what a task attempt then writes is the attempt's business (see the server's {@code TaskExecution}).
     */
    public enum Reason {
        /** Somebody asked for it (a cancel request, a streaming client that left): the run ends cancelled. */
        CANCELLED,
        /** The run's soft time limit passed: the run ends {@code failed} with "Time limit exceeded". */
        TIME_LIMIT,
        /** A task attempt lost its lease: another attempt owns the task now, this one must write nothing. */
        LEASE_LOST,
        /** The worker running a task attempt is shutting down: the task is given back, the attempt not counted. */
        SHUTDOWN,
        /** A task attempt passed its hard time limit: its watchdog already released or failed the task. */
        HARD_LIMIT
    }

    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    public boolean cancel() {
        return stop(Reason.CANCELLED);
    }

    public boolean stop(Reason why) {
        if (!reason.compareAndSet(null, why)) {
            return false;
        }
        for (Runnable callback : callbacks) {
            callback.run();
        }
        return true;
    }

    public boolean isStopped() {
        return reason.get() != null;
    }

    /** Why the run was stopped, or null while it was not. */
    public Reason reason() {
        return reason.get();
    }

    /** Registers a callback, run at most once; returns the handle that removes it. */
    public Runnable onStop(Runnable callback) {
        AtomicBoolean ran = new AtomicBoolean();
        Runnable once = () -> {
            if (ran.compareAndSet(false, true)) {
                callback.run();
            }
        };
        callbacks.add(once);
        if (isStopped()) {
            once.run();
        }
        return () -> callbacks.remove(once);
    }
}
