package io.agentry.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the fan-out promises a distributed backend whose live channel can lose messages (a Redis pub/sub
 * connection that reconnects): a subscriber that waited its whole timeout looks in the log once before it
 * says it is idle, so events and the end of the stream whose live messages never came still reach it.
 */
class EventFanoutTest {

    /** A log whose live messages are all lost: events are stored, but nothing is ever published. */
    private final List<StoredEvent> stored = new CopyOnWriteArrayList<>();
    private volatile boolean finished;
    private final EventFanout fanout = new EventFanout(
            (streamId, afterId, limit) -> new EventPage(stored.stream().filter(e -> e.id() > afterId).limit(limit).toList(),
                    finished), EventFanout.Channel.LOCAL);

    @Test
    void aSubscriberWhoseLiveEventsWereLostFindsThemAndTheEndInTheLogOnceItsWaitRunsOut() throws Exception {
        try (EventSubscription subscription = fanout.subscribe("run-1", 0, 16)) {
            assertThat(subscription.next(Duration.ZERO)).isEqualTo(Delivery.IDLE);

            StoredEvent first = new StoredEvent(1, "run.started", "{}");
            StoredEvent last = new StoredEvent(2, "run.completed", "{}");
            stored.addAll(List.of(first, last));
            finished = true;

            assertThat(subscription.next(Duration.ofMillis(50))).isEqualTo(new Delivery.Event(first));
            assertThat(subscription.next(Duration.ofMillis(50))).isEqualTo(new Delivery.Event(last));
            assertThat(subscription.next(Duration.ofMillis(50))).isEqualTo(Delivery.END);
        }
    }

    @Test
    void aSubscriberWithNothingNewInTheLogEitherIsIdle() throws Exception {
        stored.add(new StoredEvent(1, "run.started", "{}"));
        try (EventSubscription subscription = fanout.subscribe("run-1", 1, 16)) {
            assertThat(subscription.next(Duration.ofMillis(20))).isEqualTo(Delivery.IDLE);
        }
    }
}
