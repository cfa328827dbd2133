package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.events.Delivery;
import io.agentry.events.EventSubscription;
import io.agentry.events.InMemoryEventLog;
import io.agentry.events.StoredEvent;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** How one client's stream ends, driven by a scripted subscription. */
class EventStreamerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");
    private final InMemoryEventLog log = new InMemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 10);
    private final JsonMapper json = JsonMapper.builder().build();
    private final EventStreamer streamer = new EventStreamer(log,
            new StreamingProperties(null, Duration.ofMillis(10), 4, null), json, new RunEvents(log, json),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** Hands out the scripted deliveries in order; a RuntimeException in the script is thrown. */
    private static final class Scripted implements EventSubscription {
        private final Deque<Object> script;
        boolean closed;
        boolean overflowed;

        Scripted(Object... script) {
            this.script = new ArrayDeque<>(List.of(script));
        }

        @Override
        public Delivery next(Duration timeout) {
            Object next = script.isEmpty() ? Delivery.END : script.poll();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            return (Delivery) next;
        }

        @Override
        public boolean overflowed() {
            return overflowed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static Delivery event(long id) {
        return new Delivery.Event(new StoredEvent(id, "token", "{\"text\":\"t" + id + "\"}"));
    }

    @Test
    void writesEventsWithTheirIdsAndHeartbeatsWhenQuiet() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        Scripted subscription = new Scripted(event(1), Delivery.IDLE, Delivery.IDLE, event(2), Delivery.END);

        assertThat(streamer.pump("s", 0, subscription, new SseWriter(response), null)).isEqualTo(EventStreamer.Ending.END);

        assertThat(response.getContentType()).startsWith("text/event-stream");
        assertThat(response.getContentAsString()).isEqualTo("""
                id: 1
                event: token
                data: {"text":"t1"}

                : keep-alive

                id: 2
                event: token
                data: {"text":"t2"}

                """);
        assertThat(subscription.closed).isTrue();
    }

    @Test
    void aSlowClientGetsADroppedNoticeWithoutAnId() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        Scripted subscription = new Scripted(event(7), new Delivery.Dropped(7, 4));

        assertThat(streamer.pump("s", 6, subscription, new SseWriter(response), null)).isEqualTo(EventStreamer.Ending.DROPPED);

        assertThat(response.getContentAsString()).endsWith("""
                event: stream.dropped
                data: {"reason":"slow_client","last_event_id":7,"detail":"The client fell more than 4 events behind; reconnect with Last-Event-ID: 7 to continue"}

                """);
    }

    @Test
    void aLogThatFailsMidStreamEndsItWithTheLastIdTheClientHas() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        Scripted subscription = new Scripted(event(5), new IllegalStateException("redis down"));

        assertThat(streamer.pump("s", 4, subscription, new SseWriter(response), null)).isEqualTo(EventStreamer.Ending.DROPPED);
        assertThat(response.getContentAsString()).contains("\"reason\":\"unavailable\",\"last_event_id\":5");

        MockHttpServletResponse beforeAnything = new MockHttpServletResponse();
        streamer.pump("s", 12, new Scripted(new IllegalStateException("redis down")), new SseWriter(beforeAnything), null);
        assertThat(beforeAnything.getContentAsString()).contains("\"last_event_id\":12").doesNotContain("redis");
    }

    @Test
    void aFailedWriteIsADisconnectUnlessTheWriteTimedOutOrTheClientWasBeingDropped() throws IOException {
        assertThat(streamer.pump("s", 0, new Scripted(event(1), Delivery.IDLE), failingWriter(new IOException("Broken pipe")), null))
                .isEqualTo(EventStreamer.Ending.DISCONNECTED);
        assertThat(streamer.pump("s", 0, new Scripted(event(1), Delivery.IDLE),
                failingWriter(new IOException(new SocketTimeoutException("write timed out"))), null))
                .isEqualTo(EventStreamer.Ending.ABANDONED);
        Scripted overflowing = new Scripted(event(1), Delivery.IDLE);
        overflowing.overflowed = true;
        assertThat(streamer.pump("s", 0, overflowing, failingWriter(new IOException("Broken pipe")), null))
                .isEqualTo(EventStreamer.Ending.DROPPED);
    }

    @Test
    @Timeout(10) // without the ending, the follower would wait for ever
    void aFollowerEndsAStreamStillOpenPastItsFinishByTimeAsLostAndReceivesTheEnd() throws IOException {
        log.open("lost", "alice", NOW.minusSeconds(1));
        log.append("lost", "run.started", "{}");
        MockHttpServletResponse response = new MockHttpServletResponse();

        EventStreamer.Ending ending = streamer.pump("lost", 0, log.subscribe("lost", 0, 4), new SseWriter(response),
                NOW.minusSeconds(1));

        assertThat(ending).isEqualTo(EventStreamer.Ending.END);
        assertThat(response.getContentAsString()).contains("event: run.started", "event: run.failed", RunEvents.LOST);
        assertThat(log.describe("lost").orElseThrow().finished()).isTrue();
    }

    @Test
    void aStreamWithinItsFinishByTimeIsLeftToItsWriter() throws IOException {
        log.open("alive", "alice", NOW.plusSeconds(1));
        MockHttpServletResponse response = new MockHttpServletResponse();

        streamer.pump("alive", 0, new Scripted(Delivery.IDLE, Delivery.IDLE, Delivery.END), new SseWriter(response),
                NOW.plusSeconds(1));

        assertThat(log.describe("alive").orElseThrow().finished()).isFalse();
        assertThat(response.getContentAsString()).doesNotContain("run.failed");
    }

    private static SseWriter failingWriter(IOException failure) throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse() {
            @Override
            public ServletOutputStream getOutputStream() {
                return new ServletOutputStream() {
                    @Override
                    public void write(int b) {
                    }

                    @Override
                    public void flush() throws IOException {
                        throw failure;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                    }
                };
            }
        };
        return new SseWriter(response);
    }
}
