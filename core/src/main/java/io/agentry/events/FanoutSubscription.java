package io.agentry.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A subscription of {@link EventFanout}. The subscriber's thread reads stored events a page at a time;
 * publishers {@link #offer} live events into a bounded queue. Every read from the log empties the queue
 * first (what it held is in the log too), so the buffer limit counts only live events that arrived after
 * the subscriber last caught up. Once the queue is full, the subscription takes nothing more: the
 * subscriber gets what the queue holds, then {@link Delivery.Dropped}.
 */
final class FanoutSubscription implements EventSubscription {

    static final int PAGE_SIZE = 256;
    /** Wakes a waiting subscriber without carrying an event. */
    private static final StoredEvent WAKE = new StoredEvent(-1, "", "");

    private final EventFanout fanout;
    private final EventFanout.PageReader reader;
    private final String streamId;
    private final int bufferSize;
    private final LinkedBlockingQueue<StoredEvent> live;
    private final AtomicBoolean overflowed = new AtomicBoolean();
    /** Set by a publisher: the id of the stream's last event, or -1 while it is open. */
    private volatile long finishedAt = -1;

    // the subscriber's own state, touched only by its thread
    private final ArrayDeque<StoredEvent> pending = new ArrayDeque<>();
    private long lastDelivered;
    private boolean mustRead = true;
    private long endId = -1;
    private Delivery terminal;
    private volatile boolean closed;

    FanoutSubscription(EventFanout fanout, EventFanout.PageReader reader, String streamId, long afterId, int bufferSize) {
        this.fanout = fanout;
        this.reader = reader;
        this.streamId = streamId;
        this.lastDelivered = afterId;
        this.bufferSize = bufferSize;
        // linked, so that a subscriber that keeps up costs no memory for its unused buffer
        this.live = new LinkedBlockingQueue<>(bufferSize + 1);
    }

    String streamId() {
        return streamId;
    }

    void offer(StoredEvent event) {
        if (closed || overflowed.get()) {
            return;
        }
        // one slot is kept for the wake-up, so that at most bufferSize events wait
        if (live.remainingCapacity() <= 1 || !live.offer(event)) {
            overflowed.set(true);
            live.offer(WAKE);
        }
    }

    void finished(long lastId) {
        finishedAt = lastId;
        live.offer(WAKE);
    }

    @Override
    public boolean overflowed() {
        return overflowed.get();
    }

    @Override
    public Delivery next(Duration timeout) throws InterruptedException {
        if (terminal != null) {
            return terminal;
        }
        if (closed) {
            throw new IllegalStateException("subscription closed");
        }
        long waitNanos = Math.max(0, timeout.toNanos());
        long deadline = System.nanoTime() + waitNanos;
        boolean rechecked = false;
        while (true) {
            StoredEvent stored = pending.poll();
            if (stored != null) {
                if (stored.id() > lastDelivered) {
                    lastDelivered = stored.id();
                    return new Delivery.Event(stored);
                }
                continue;
            }
            if (endId >= 0 && lastDelivered >= endId) {
                return end(Delivery.END);
            }
            if (mustRead) {
                read();
                continue;
            }
            StoredEvent event = live.poll();
            if (event == null) {
                if (overflowed.get()) {
                    return end(new Delivery.Dropped(lastDelivered, bufferSize));
                }
                long finished = finishedAt;
                if (finished >= 0 && endId < 0) {
                    endId = finished;
                    mustRead = lastDelivered < finished;
                    continue;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    if (waitNanos > 0 && !rechecked) {
                        // a live event may have been lost on its way (a reconnecting channel): look in the log
                        rechecked = true;
                        mustRead = true;
                        continue;
                    }
                    return Delivery.IDLE;
                }
                event = live.poll(remaining, TimeUnit.NANOSECONDS);
                if (event == null) {
                    continue;
                }
            }
            if (event == WAKE || event.id() <= lastDelivered) {
                continue;
            }
            if (event.id() == lastDelivered + 1) {
                lastDelivered = event.id();
                return new Delivery.Event(event);
            }
            mustRead = true;
        }
    }

    /** Catches up from the log. Everything queued so far is in the log too, so the queue starts afresh. */
    private void read() {
        live.clear();
        overflowed.set(false);
        EventPage page = reader.read(streamId, lastDelivered, PAGE_SIZE);
        pending.addAll(page.events());
        if (page.finished()) {
            endId = page.events().isEmpty() ? lastDelivered : page.events().getLast().id();
        }
        mustRead = page.events().size() >= PAGE_SIZE && !page.finished();
    }

    private Delivery end(Delivery delivery) {
        terminal = delivery;
        close();
        return delivery;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            fanout.unsubscribe(this);
        }
    }
}
