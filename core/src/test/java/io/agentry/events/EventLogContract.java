package io.agentry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLog} must do. A backend's test extends this and supplies the logs; each test uses
 * streams of its own, so one log may serve them all.
 */
public abstract class EventLogContract {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A log with a retention long enough never to matter in a test. */
    protected abstract EventLog log();

    /** A log whose streams are forgotten {@code retention} after their latest write. */
    protected abstract EventLog logWithRetention(Duration retention);

    /** Lets {@code duration} pass for {@link #logWithRetention} logs (a fake clock, or nothing where real time counts). */
    protected abstract void elapse(Duration duration);

    private static String newStream() {
        return "s-" + UUID.randomUUID();
    }

    private String openStream(String owner) {
        String id = newStream();
        log().open(id, owner);
        return id;
    }

    private static List<Long> ids(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::id).toList();
    }

    /** Takes deliveries until the end (or a drop), failing if the stream stalls. */
    private static List<StoredEvent> drain(EventSubscription subscription) throws InterruptedException {
        List<StoredEvent> events = new ArrayList<>();
        while (true) {
            Delivery delivery = subscription.next(WAIT);
            switch (delivery) {
                case Delivery.Event e -> events.add(e.event());
                case Delivery.End end -> {
                    return events;
                }
                case Delivery.Idle idle -> throw new AssertionError("stream stalled after " + describe(events));
                case Delivery.Dropped dropped -> throw new AssertionError("dropped after " + describe(events));
            }
        }
    }

    private static String describe(List<StoredEvent> events) {
        return events.isEmpty() ? "no event" : events.size() + " events, ids " + events.getFirst().id() + ".." + events.getLast().id();
    }

    private static StoredEvent nextEvent(EventSubscription subscription) throws InterruptedException {
        Delivery delivery = subscription.next(WAIT);
        assertThat(delivery).isInstanceOf(Delivery.Event.class);
        return ((Delivery.Event) delivery).event();
    }

    @Test
    void eventsGetConsecutiveIdsFromOnePerStream() {
        String a = openStream("alice");
        String b = openStream("alice");

        assertThat(log().append(a, "token", "{\"text\":\"x\"}")).isEqualTo(1);
        assertThat(log().append(a, "token", "{\"text\":\"y\"}")).isEqualTo(2);
        assertThat(log().append(b, "run.started", "{}")).isEqualTo(1);
        assertThat(log().appendFinal(a, "run.completed", "{}")).isEqualTo(3);

        assertThat(log().describe(a)).contains(new StreamInfo(a, "alice", 3, true, null));
        assertThat(log().describe(b)).contains(new StreamInfo(b, "alice", 1, false, null));
    }

    @Test
    void aStreamKeepsTheTimeItWasOpenedToBeFinishedBy() {
        String id = newStream();
        Instant finishBy = Instant.parse("2026-11-28T08:10:00.123Z");
        log().open(id, "alice", finishBy);
        log().open(id, "alice", finishBy.plusSeconds(60));
        log().append(id, "run.started", "{}");

        StreamInfo info = log().describe(id).orElseThrow();
        assertThat(info).isEqualTo(new StreamInfo(id, "alice", 1, false, finishBy));
        assertThat(info.overdue(finishBy.minusMillis(1))).isFalse();
        assertThat(info.overdue(finishBy)).isTrue();
        log().appendFinal(id, "run.failed", "{}");
        assertThat(log().describe(id).orElseThrow().overdue(finishBy)).as("finished in the end").isFalse();
    }

    @Test
    void readReturnsTheEventsAfterAnIdOldestFirstWithinTheLimit() {
        String id = openStream("alice");
        for (int i = 1; i <= 10; i++) {
            log().append(id, "token", "{\"text\":\"" + i + "\"}");
        }

        EventPage page = log().read(id, 3, 4);
        assertThat(ids(page.events())).containsExactly(4L, 5L, 6L, 7L);
        assertThat(page.events().getFirst()).isEqualTo(new StoredEvent(4, "token", "{\"text\":\"4\"}"));
        assertThat(page.finished()).isFalse();
        assertThat(log().read(id, 10, 5).events()).isEmpty();
        assertThat(log().read(id, 10, 5).finished()).isFalse();
    }

    @Test
    void theFinalEventEndsTheStreamForGood() {
        String id = openStream("alice");
        log().append(id, "run.started", "{}");
        log().appendFinal(id, "run.completed", "{\"content\":\"done\"}");

        assertThat(log().read(id, 0, 1).finished()).as("a page short of the end").isFalse();
        EventPage all = log().read(id, 0, 100);
        assertThat(ids(all.events())).containsExactly(1L, 2L);
        assertThat(all.finished()).isTrue();
        assertThatThrownBy(() -> log().append(id, "token", "{}")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log().appendFinal(id, "run.failed", "{}")).isInstanceOf(IllegalStateException.class);
        assertThat(log().describe(id).orElseThrow().lastId()).isEqualTo(2);
    }

    @Test
    void appendingToAStreamNeverOpenedFails() {
        String id = newStream();
        assertThatThrownBy(() -> log().append(id, "token", "{}")).isInstanceOf(IllegalStateException.class);
        assertThat(log().describe(id)).isEmpty();
    }

    @Test
    void openingAgainKeepsTheEventsAndAnotherUserMayNotTakeTheStream() {
        String id = openStream("alice");
        log().append(id, "run.started", "{}");

        log().open(id, "alice");
        assertThat(log().describe(id).orElseThrow().lastId()).isEqualTo(1);
        assertThatThrownBy(() -> log().open(id, "mallory")).isInstanceOf(IllegalStateException.class);
        assertThat(log().describe(id).orElseThrow().owner()).isEqualTo("alice");
    }

    @Test
    void anUnknownStreamReadsAsEmptyAndFinished() throws InterruptedException {
        String id = newStream();

        assertThat(log().describe(id)).isEmpty();
        assertThat(log().read(id, 0, 10)).isEqualTo(new EventPage(List.of(), true));
        try (EventSubscription subscription = log().subscribe(id, 0, 8)) {
            assertThat(subscription.next(WAIT)).isEqualTo(Delivery.END);
        }
    }

    @Test
    void aLateSubscriberReplaysAFinishedStreamInFullThenEnds() throws InterruptedException {
        String id = openStream("alice");
        for (int i = 0; i < 600; i++) {
            log().append(id, "token", "{\"text\":\"" + i + "\"}");
        }
        log().appendFinal(id, "run.completed", "{}");

        try (EventSubscription subscription = log().subscribe(id, 0, 8)) {
            List<StoredEvent> events = drain(subscription);
            assertThat(ids(events)).isEqualTo(LongStream.rangeClosed(1, 601).boxed().toList());
            assertThat(events.getLast().type()).isEqualTo("run.completed");
            assertThat(subscription.next(Duration.ZERO)).as("the end is final").isEqualTo(Delivery.END);
        }
    }

    @Test
    void aSubscriberResumingFromTheMiddleGetsEveryLaterEventExactlyOnce() throws InterruptedException {
        String id = openStream("alice");
        for (int i = 0; i < 20; i++) {
            log().append(id, "token", "{}");
        }
        log().appendFinal(id, "run.completed", "{}");

        try (EventSubscription subscription = log().subscribe(id, 12, 4)) {
            assertThat(ids(drain(subscription))).isEqualTo(LongStream.rangeClosed(13, 21).boxed().toList());
        }
    }

    @Test
    void aLiveSubscriberGetsEventsAsTheyAreAppendedAndIdlesInBetween() throws Exception {
        String id = openStream("alice");
        log().append(id, "run.started", "{}");

        try (EventSubscription subscription = log().subscribe(id, 0, 8)) {
            assertThat(nextEvent(subscription).id()).isEqualTo(1);
            assertThat(subscription.next(Duration.ofMillis(50))).isEqualTo(Delivery.IDLE);

            CompletableFuture<Delivery> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return subscription.next(WAIT);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            log().append(id, "token", "{\"text\":\"hi\"}");
            assertThat(waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo(new Delivery.Event(new StoredEvent(2, "token", "{\"text\":\"hi\"}")));

            log().appendFinal(id, "run.completed", "{}");
            assertThat(nextEvent(subscription).type()).isEqualTo("run.completed");
            assertThat(subscription.next(WAIT)).isEqualTo(Delivery.END);
        }
    }

    @Test
    void subscribersJoiningWhileTheWriterRunsSeeNoGapAndNoDuplicate() throws Exception {
        String id = openStream("alice");
        int total = 1000;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Void> halfway = new CompletableFuture<>();
            Future<?> writer = threads.submit(() -> {
                for (int i = 1; i < total; i++) {
                    log().append(id, "token", "{\"n\":" + i + "}");
                    if (i == total / 2) {
                        halfway.complete(null);
                    }
                }
                log().appendFinal(id, "run.completed", "{}");
                return null;
            });
            List<Future<List<StoredEvent>>> readers = new ArrayList<>();
            readers.add(threads.submit(() -> {
                // a buffer as large as the stream: this test is about order, not about slow subscribers
                try (EventSubscription s = log().subscribe(id, 0, total)) {
                    return drain(s);
                }
            }));
            halfway.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            for (long after : new long[] {0, 100, 400}) {
                readers.add(threads.submit(() -> {
                    try (EventSubscription s = log().subscribe(id, after, total)) {
                        return drain(s);
                    }
                }));
            }
            writer.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            long[] starts = {0, 0, 100, 400};
            for (int r = 0; r < readers.size(); r++) {
                List<StoredEvent> events = readers.get(r).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(ids(events)).as("reader from %d", starts[r])
                        .isEqualTo(LongStream.rangeClosed(starts[r] + 1, total).boxed().toList());
            }
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsDroppedAfterItsBufferWhileTheWriterGoesOn() throws InterruptedException {
        String id = openStream("alice");
        log().append(id, "run.started", "{}");
        try (EventSubscription slow = log().subscribe(id, 0, 4)) {
            assertThat(nextEvent(slow).id()).isEqualTo(1);
            assertThat(slow.next(Duration.ofMillis(20))).isEqualTo(Delivery.IDLE);

            // the writer never waits for the subscriber, which takes nothing meanwhile
            for (int i = 0; i < 30; i++) {
                log().append(id, "token", "{}");
            }
            log().appendFinal(id, "run.completed", "{}");
            await().atMost(WAIT).until(slow::overflowed);

            List<Long> buffered = new ArrayList<>();
            Delivery delivery;
            while ((delivery = slow.next(WAIT)) instanceof Delivery.Event e) {
                buffered.add(e.event().id());
            }
            assertThat(buffered).containsExactly(2L, 3L, 4L, 5L);
            assertThat(delivery).isEqualTo(new Delivery.Dropped(5, 4));
            assertThat(slow.next(Duration.ZERO)).isEqualTo(new Delivery.Dropped(5, 4));
        }
        try (EventSubscription resumed = log().subscribe(id, 5, 4)) {
            assertThat(ids(drain(resumed))).isEqualTo(LongStream.rangeClosed(6, 32).boxed().toList());
        }
    }

    @Test
    void subscribersOfOneStreamAreIndependentAndTheStreamCanBeFollowedAgainAfterAll() throws InterruptedException {
        String id = openStream("alice");
        EventSubscription first = log().subscribe(id, 0, 8);
        try (EventSubscription second = log().subscribe(id, 0, 8)) {
            log().append(id, "run.started", "{}");
            assertThat(nextEvent(first).id()).isEqualTo(1);
            first.close();
            log().append(id, "token", "{}");
            assertThat(nextEvent(second).id()).isEqualTo(1);
            assertThat(nextEvent(second).id()).isEqualTo(2);
        }
        try (EventSubscription again = log().subscribe(id, 2, 8)) {
            assertThat(again.next(Duration.ofMillis(20))).isEqualTo(Delivery.IDLE);
            log().append(id, "token", "{}");
            assertThat(nextEvent(again).id()).isEqualTo(3);
        }
    }

    @Test
    void aStreamIsForgottenTheRetentionPeriodAfterItsLatestWrite() {
        Duration retention = Duration.ofMillis(500);
        EventLog expiring = logWithRetention(retention);
        String id = newStream();
        expiring.open(id, "alice");
        expiring.appendFinal(id, "run.completed", "{}");
        assertThat(expiring.describe(id)).isPresent();

        elapse(retention.plusMillis(100));

        await().atMost(WAIT).until(() -> expiring.describe(id).isEmpty());
        assertThat(expiring.read(id, 0, 10)).isEqualTo(new EventPage(List.of(), true));
        expiring.open(id, "bob");
        assertThat(expiring.describe(id).orElseThrow()).isEqualTo(new StreamInfo(id, "bob", 0, false, null));
    }

    @Test
    void deletingAUsersStreamsForgetsOnlyTheirsAndAWriterOfOneCannotGoOn() {
        String finished = openStream("alice");
        log().appendFinal(finished, "run.completed", "{\"content\":\"secret\"}");
        String writing = openStream("alice");
        log().append(writing, "token", "{\"text\":\"secret\"}");
        String theirs = openStream("bob");
        log().append(theirs, "token", "{}");

        assertThat(log().delete("alice", List.of(finished, writing, theirs, newStream()))).isEqualTo(2);

        assertThat(log().describe(finished)).isEmpty();
        assertThat(log().read(finished, 0, 10)).isEqualTo(new EventPage(List.of(), true));
        assertThat(log().describe(writing)).isEmpty();
        assertThatThrownBy(() -> log().append(writing, "token", "{}")).isInstanceOf(IllegalStateException.class);
        assertThat(log().describe(theirs).orElseThrow().lastId()).isEqualTo(1);
        assertThat(log().delete("alice", List.of(finished, writing))).isZero();
    }
}
