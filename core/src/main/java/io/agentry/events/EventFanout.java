package io.agentry.events;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's subscribers, by stream: hands each live event to every local subscriber of its stream
 * without ever blocking the caller, and gives subscribers their catch-up reads. One per event log.
 *
 * <p>How a backend plugs in: it calls {@link #publish} for every event appended to a stream (after the
 * event can be read) and {@link #finished} when a stream ends. With a {@link Channel} it learns which
 * streams have local subscribers, so a distributed backend only receives the live events of those streams.
 * Subscribers never miss an event: a new one activates the channel first, then reads what is already
 * stored; whatever was appended in between arrives twice and is dropped by id; a gap in the ids (a live
 * event lost on the way) makes the subscriber read the missing ones from the log.
 */
public final class EventFanout {

    private static final Logger log = LoggerFactory.getLogger(EventFanout.class);

    /** Reads stored events: the log's own {@link EventLog#read}. */
    @FunctionalInterface
    public interface PageReader {
        EventPage read(String streamId, long afterId, int limit);
    }

    /**
     * Where live events come from, per stream. {@link #activate} returns only once every event appended
     * afterwards will reach {@link #publish}; it may block and may throw if the source is unavailable.
     */
    public interface Channel {
        /** An in-process log publishes every append itself: nothing to switch on. */
        Channel LOCAL = new Channel() {
            @Override
            public void activate(String streamId) {
            }

            @Override
            public void deactivate(String streamId) {
            }
        };

        void activate(String streamId);

        void deactivate(String streamId);
    }

    private final PageReader reader;
    private final Channel channel;
    private final ConcurrentHashMap<String, Topic> topics = new ConcurrentHashMap<>();

    public EventFanout(PageReader reader, Channel channel) {
        this.reader = reader;
        this.channel = channel;
    }

    /** Local subscribers of one stream. The channel is activated and deactivated under its lock. */
    private static final class Topic {
        final ReentrantLock lock = new ReentrantLock();
        final List<FanoutSubscription> subscribers = new CopyOnWriteArrayList<>();
        boolean active;
        boolean retired;
    }

    public EventSubscription subscribe(String streamId, long afterId, int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be at least 1");
        }
        if (afterId < 0) {
            throw new IllegalArgumentException("afterId must not be negative");
        }
        while (true) {
            Topic topic = topics.computeIfAbsent(streamId, id -> new Topic());
            topic.lock.lock();
            try {
                if (topic.retired) {
                    continue;
                }
                if (!topic.active) {
                    try {
                        channel.activate(streamId);
                    } catch (RuntimeException e) {
                        topic.retired = true;
                        topics.remove(streamId, topic);
                        throw e;
                    }
                    topic.active = true;
                }
                FanoutSubscription subscription = new FanoutSubscription(this, reader, streamId, afterId, bufferSize);
                topic.subscribers.add(subscription);
                return subscription;
            } finally {
                topic.lock.unlock();
            }
        }
    }

    /** Hands a stored event to the stream's local subscribers; never blocks. */
    public void publish(String streamId, StoredEvent event) {
        Topic topic = topics.get(streamId);
        if (topic != null) {
            for (FanoutSubscription subscription : topic.subscribers) {
                subscription.offer(event);
            }
        }
    }

    /** Tells the stream's local subscribers that it ended with event {@code lastId}; never blocks. */
    public void finished(String streamId, long lastId) {
        Topic topic = topics.get(streamId);
        if (topic != null) {
            for (FanoutSubscription subscription : topic.subscribers) {
                subscription.finished(lastId);
            }
        }
    }

    void unsubscribe(FanoutSubscription subscription) {
        String streamId = subscription.streamId();
        Topic topic = topics.get(streamId);
        if (topic == null) {
            return;
        }
        topic.lock.lock();
        try {
            if (topic.subscribers.remove(subscription) && topic.subscribers.isEmpty() && !topic.retired) {
                // retired before deactivating, and removed only after: a new subscriber of the same stream
                // waits for this lock and activates the channel again only once it is fully deactivated
                topic.retired = true;
                try {
                    channel.deactivate(streamId);
                } finally {
                    topics.remove(streamId, topic);
                }
            }
        } catch (RuntimeException e) {
            // best effort: a channel left on only brings events nobody here follows
            log.warn("could not stop the live events of stream {}: {}", streamId, e.toString());
        } finally {
            topic.lock.unlock();
        }
    }
}
