package io.agentry.run;

import java.util.Locale;

/**
 * How a run was asked for: answered when done ({@link #SYNC}), streamed as it happens ({@link #STREAM}),
 * in the background as a task ({@link #TASK}), or only priced ({@link #ESTIMATE}, which runs nothing).
 * The wire name is what the ledger records and what metrics and logs are labelled with.
 */
public enum RunMode {
    SYNC, STREAM, TASK, ESTIMATE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the model is called in streaming mode, so token events arrive as they are produced. */
    public boolean streamsTokens() {
        return this == STREAM || this == TASK;
    }

    /** Whether the run is answered later than its request (so what it needs is refused when it is asked for). */
    public boolean deferred() {
        return this != SYNC;
    }
}
