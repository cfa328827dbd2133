package io.agentry.events;

import java.time.Duration;

/**
 * One subscriber following one stream: first the events already stored after the id it started from,
 * then live ones, each exactly once and in id order, until the stream's end. Used by one thread.
 *
 * <p>Contract: the stored events are read at the subscriber's own pace; once caught up, live events wait in
 * a buffer of {@code bufferSize} events. A subscriber that lets more than that pile up is
 * {@link Delivery.Dropped dropped} after it has taken the buffered ones: it never holds up the writer, and
 * never makes the process hold more than its buffer for it.
 */
public interface EventSubscription extends AutoCloseable {

    /**
     * The next delivery, waiting up to {@code timeout} for an event ({@link Duration#ZERO} does not wait).
     * After {@link Delivery.End} or {@link Delivery.Dropped} it keeps answering the same.
     */
    Delivery next(Duration timeout) throws InterruptedException;

    /** Live events were lost because the buffer was full: {@link #next} will answer {@link Delivery.Dropped} once it has handed out the buffered ones. */
    boolean overflowed();

    /** Stops following; never throws. */
    @Override
    void close();
}
