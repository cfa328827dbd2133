package io.agentry.events;

/** What {@link EventSubscription#next} hands the subscriber. */
public sealed interface Delivery {

    Delivery IDLE = new Idle();
    Delivery END = new End();

    /** The next event: its id is exactly one more than the previous one delivered. */
    record Event(StoredEvent event) implements Delivery {
    }

    /** Nothing new within the timeout; the stream is still open. */
    record Idle() implements Delivery {
    }

    /** Every event of the finished stream has been delivered (or the stream does not exist). */
    record End() implements Delivery {
    }

    /**
     * The subscriber fell more than {@code bufferSize} live events behind: it is dropped and gets nothing
     * more. Everything up to {@code lastDeliveredId} was delivered; a new subscription after that id
     * continues without a gap.
     */
    record Dropped(long lastDeliveredId, int bufferSize) implements Delivery {
    }
}
