package io.agentry.run;

/**
 * Receives a run's events. The loop calls it from one thread at a time and in order (events of tools
 * running in parallel are serialized), so implementations need no locking of their own. It must not
 * throw and should not block: it runs on the run's thread.
 */
@FunctionalInterface
public interface RunEventListener {

    RunEventListener NONE = event -> {
    };

    void onEvent(RunEvent event);
}
