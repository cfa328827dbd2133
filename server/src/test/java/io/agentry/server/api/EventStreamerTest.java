package io.agentry.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.events.Delivery;
import io.agentry.events.EventSubscription;
import io.agentry.events.InMemoryEventLog;
import io.agentry.events.StoredEvent;
import io.agentry.server.events.StreamingProperties;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** How one client's stream ends, driven by a scripted subscription. */
class EventStreamerTest {

    private final EventStreamer streamer = new EventStreamer(
            new InMemoryEventLog(Clock.systemUTC(), Duration.ofHours(1), 10),
            new StreamingProperties(null, Duration.ofMillis(10), 4, null), JsonMapper.builder().build());

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

        assertThat(streamer.pump("s", 0, subscription, new SseWriter(response))).isEqualTo(EventStreamer.Ending.END);

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

        assertThat(streamer.pump("s", 6, subscription, new SseWriter(response))).isEqualTo(EventStreamer.Ending.DROPPED);

        assertThat(response.getContentAsString()).endsWith("""
                event: stream.dropped
                data: {"reason":"slow_client","last_event_id":7,"detail":"The client fell more than 4 events behind; reconnect with Last-Event-ID: 7 to continue"}

                """);
    }

    @Test
    void aLogThatFailsMidStreamEndsItWithTheLastIdTheClientHas() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        Scripted subscription = new Scripted(event(5), new IllegalStateException("redis down"));

        assertThat(streamer.pump("s", 4, subscription, new SseWriter(response))).isEqualTo(EventStreamer.Ending.DROPPED);
        assertThat(response.getContentAsString()).contains("\"reason\":\"unavailable\",\"last_event_id\":5");

        MockHttpServletResponse beforeAnything = new MockHttpServletResponse();
        streamer.pump("s", 12, new Scripted(new IllegalStateException("redis down")), new SseWriter(beforeAnything));
        assertThat(beforeAnything.getContentAsString()).contains("\"last_event_id\":12").doesNotContain("redis");
    }

    @Test
    void aFailedWriteIsADisconnectUnlessTheWriteTimedOutOrTheClientWasBeingDropped() throws IOException {
        assertThat(streamer.pump("s", 0, new Scripted(event(1), Delivery.IDLE), failingWriter(new IOException("Broken pipe"))))
                .isEqualTo(EventStreamer.Ending.DISCONNECTED);
        assertThat(streamer.pump("s", 0, new Scripted(event(1), Delivery.IDLE),
                failingWriter(new IOException(new SocketTimeoutException("write timed out")))))
                .isEqualTo(EventStreamer.Ending.ABANDONED);
        Scripted overflowing = new Scripted(event(1), Delivery.IDLE);
        overflowing.overflowed = true;
        assertThat(streamer.pump("s", 0, overflowing, failingWriter(new IOException("Broken pipe"))))
                .isEqualTo(EventStreamer.Ending.DROPPED);
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
