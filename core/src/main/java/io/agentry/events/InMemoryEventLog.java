package io.agentry.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process event log of the embedded mode: streams live in this JVM's heap and are seen by its
 * subscribers only.
 *
 * <p>Memory is bounded twice: a stream is forgotten {@code retention} after its latest write (expired
 * streams are swept at most once a minute, on {@link #open}), and at most {@code maxFinishedStreams}
 * finished streams are kept, the oldest finished going first. Streams still being written are never
 * evicted.
 */
public final class InMemoryEventLog implements EventLog {

    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private final Duration retention;
    private final int maxFinishedStreams;
    private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> finishedOrder = new ConcurrentLinkedQueue<>();
    private final AtomicInteger finishedCount = new AtomicInteger();
    private final EventFanout fanout = new EventFanout(this::read, EventFanout.Channel.LOCAL);
    private volatile Instant nextSweep;

    public InMemoryEventLog(Clock clock, Duration retention, int maxFinishedStreams) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        if (maxFinishedStreams < 1) {
            throw new IllegalArgumentException("maxFinishedStreams must be at least 1");
        }
        this.clock = clock;
        this.retention = retention;
        this.maxFinishedStreams = maxFinishedStreams;
        this.nextSweep = clock.instant().plus(SWEEP_INTERVAL);
    }

    private static final class Stream {
        final ReentrantLock lock = new ReentrantLock();
        final String owner;
        final Instant finishBy;
        final List<StoredEvent> events = new ArrayList<>();
        boolean finished;
        volatile Instant expiresAt;

        Stream(String owner, Instant finishBy, Instant expiresAt) {
            this.owner = owner;
            this.finishBy = finishBy;
            this.expiresAt = expiresAt;
        }
    }

    @Override
    public void open(String streamId, String ownerUserId, Instant finishBy) {
        sweepIfDue();
        Instant now = clock.instant();
        Stream stream = streams.compute(streamId, (id, existing) ->
                existing == null || expired(existing, now) ? new Stream(ownerUserId, finishBy, now.plus(retention)) : existing);
        if (!stream.owner.equals(ownerUserId)) {
            throw new IllegalStateException("event stream " + streamId + " belongs to another user");
        }
        stream.expiresAt = now.plus(retention);
    }

    @Override
    public long append(String streamId, String type, String data, boolean last) {
        Stream stream = live(streamId).orElseThrow(() ->
                new IllegalStateException("event stream " + streamId + " is not open"));
        long id;
        stream.lock.lock();
        try {
            if (stream.finished) {
                throw new IllegalStateException("event stream " + streamId + " is finished");
            }
            id = stream.events.size() + 1L;
            StoredEvent event = new StoredEvent(id, type, data);
            stream.events.add(event);
            stream.finished = last;
            stream.expiresAt = clock.instant().plus(retention);
            // under the lock, so that subscribers see this stream's events in id order
            fanout.publish(streamId, event);
            if (last) {
                fanout.finished(streamId, id);
            }
        } finally {
            stream.lock.unlock();
        }
        if (last) {
            evictOldFinished(streamId);
        }
        return id;
    }

    @Override
    public Optional<StreamInfo> describe(String streamId) {
        return live(streamId).map(stream -> {
            stream.lock.lock();
            try {
                return new StreamInfo(streamId, stream.owner, stream.events.size(), stream.finished, stream.finishBy);
            } finally {
                stream.lock.unlock();
            }
        });
    }

    @Override
    public EventPage read(String streamId, long afterId, int limit) {
        Optional<Stream> found = live(streamId);
        if (found.isEmpty()) {
            return new EventPage(List.of(), true);
        }
        Stream stream = found.get();
        stream.lock.lock();
        try {
            int from = (int) Math.min(Math.max(afterId, 0), stream.events.size());
            int to = (int) Math.min((long) from + Math.max(limit, 0), stream.events.size());
            return new EventPage(stream.events.subList(from, to), stream.finished && to == stream.events.size());
        } finally {
            stream.lock.unlock();
        }
    }

    @Override
    public EventSubscription subscribe(String streamId, long afterId, int bufferSize) {
        return fanout.subscribe(streamId, afterId, bufferSize);
    }

    @Override
    public int delete(String ownerUserId, Collection<String> streamIds) {
        int deleted = 0;
        for (String streamId : streamIds) {
            Stream stream = streams.get(streamId);
            if (stream != null && stream.owner.equals(ownerUserId) && streams.remove(streamId, stream)) {
                deleted += expired(stream, clock.instant()) ? 0 : 1;
            }
        }
        return deleted;
    }

    private Optional<Stream> live(String streamId) {
        Stream stream = streams.get(streamId);
        if (stream == null) {
            return Optional.empty();
        }
        if (expired(stream, clock.instant())) {
            streams.remove(streamId, stream);
            return Optional.empty();
        }
        return Optional.of(stream);
    }

    private static boolean expired(Stream stream, Instant now) {
        return now.isAfter(stream.expiresAt);
    }

    private void sweepIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        streams.entrySet().removeIf(entry -> expired(entry.getValue(), now));
    }

    private void evictOldFinished(String streamId) {
        finishedOrder.add(streamId);
        if (finishedCount.incrementAndGet() <= maxFinishedStreams) {
            return;
        }
        String oldest = finishedOrder.poll();
        if (oldest != null) {
            finishedCount.decrementAndGet();
            streams.remove(oldest);
        }
    }
}
