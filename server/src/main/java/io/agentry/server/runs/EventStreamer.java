package io.agentry.server.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.events.Delivery;
import io.agentry.events.EventLog;
import io.agentry.events.EventSubscription;
import io.agentry.events.StoredEvent;
import io.agentry.server.web.ApiException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Copies an event stream from the {@link EventLog} to one SSE client: every event with its id, batched
 * into one flush while more are ready, a comment heartbeat whenever the stream is quiet for
 * {@code agentry.streaming.heartbeat-interval}, and a final {@code stream.dropped} event (without an id)
 * when the client cannot be served any further. Runs on the request's (virtual) thread; the writer of
 * the stream never waits for it.
 */
@Component
public class EventStreamer {

    private static final Logger log = LoggerFactory.getLogger(EventStreamer.class);

    /** How a stream ended for its client. */
    public enum Ending {
        /** Every event was delivered, through the stream's terminal event. */
        END,
        /** The server stopped serving the client (too slow, or the log failed); it was told so if it could be. */
        DROPPED,
        /** The client closed the connection. */
        DISCONNECTED,
        /** The client stopped reading until the write timed out, or the server is shutting down. */
        ABANDONED
    }

    record DroppedNotice(String reason, @JsonProperty("last_event_id") long lastEventId, String detail) {
    }

    private final EventLog events;
    private final StreamingProperties properties;
    private final JsonMapper json;
    private final RunEvents runEvents;
    private final Clock clock;

    EventStreamer(EventLog events, StreamingProperties properties, JsonMapper json, RunEvents runEvents, Clock clock) {
        this.events = events;
        this.properties = properties;
        this.json = json;
        this.runEvents = runEvents;
        this.clock = clock;
    }

    /** Follows {@code streamId} after {@code afterId}; 503 when the log is unreachable. */
    public EventSubscription subscribe(String streamId, long afterId) {
        try {
            return events.subscribe(streamId, afterId, properties.clientBuffer());
        } catch (DataAccessException e) {
            throw unreachable("follow", streamId, e);
        }
    }

    /**
     * The 503 answer when the event log cannot be reached before a stream's response is committed (the client
     * may retry); logs what could not be done.
     */
    public static ApiException unreachable(String action, String streamId, DataAccessException e) {
        log.warn("cannot {} event stream {}: {}", action, streamId, e.getMessage());
        return ApiException.notReady("Event streams are unavailable right now; retry shortly");
    }

    /**
     * Serves {@code subscription}, which follows {@code streamId} after {@code afterId}, until it ends.
     *
     * @param finishBy the stream's finish-by time (null for none): if it is still open at a heartbeat after
     *                 that, its writer is lost and this ends it ({@link RunEvents#endLost}), once
     */
    public Ending pump(String streamId, long afterId, EventSubscription subscription, SseWriter out, Instant finishBy) {
        return pump(streamId, afterId, subscription, out, finishBy, Renderer.AS_STORED);
    }

    /**
     * What a client is sent of each stored event: {@link Renderer#AS_STORED} (the event as it is, with its id), or
     * another API's rendering of it (the LangGraph API's events). Heartbeats, flushing and endings stay this class's.
     */
    @FunctionalInterface
    public interface Renderer {
        Renderer AS_STORED = (event, out) -> out.event(event);

        void write(StoredEvent event, SseWriter out) throws IOException;
    }

    /** As {@link #pump(String, long, EventSubscription, SseWriter, Instant)}, each event written by {@code renderer}. */
    public Ending pump(String streamId, long afterId, EventSubscription subscription, SseWriter out, Instant finishBy,
                       Renderer renderer) {
        long lastId = afterId;
        boolean unflushed = false;
        boolean lostChecked = false;
        try {
            try {
                while (true) {
                    Delivery delivery = subscription.next(unflushed ? Duration.ZERO : properties.heartbeatInterval());
                    switch (delivery) {
                        case Delivery.Event e -> {
                            renderer.write(e.event(), out);
                            lastId = e.event().id();
                            unflushed = true;
                        }
                        case Delivery.Idle idle -> {
                            if (!unflushed) {
                                out.comment("keep-alive");
                            }
                            out.flush();
                            unflushed = false;
                            if (!lostChecked && finishBy != null && !clock.instant().isBefore(finishBy)) {
                                lostChecked = true;
                                endIfLost(streamId);
                            }
                        }
                        case Delivery.End end -> {
                            out.flush();
                            return Ending.END;
                        }
                        case Delivery.Dropped dropped -> {
                            notice(out, new DroppedNotice("slow_client", dropped.lastDeliveredId(),
                                    "The client fell more than " + dropped.bufferSize() + " events behind; reconnect with "
                                            + "Last-Event-ID: " + dropped.lastDeliveredId() + " to continue"));
                            return Ending.DROPPED;
                        }
                    }
                }
            } catch (RuntimeException e) {
                log.warn("event stream {} failed while serving a client after event {}", streamId, lastId, e);
                notice(out, new DroppedNotice("unavailable", lastId,
                        "Events are unavailable right now; reconnect with Last-Event-ID: " + lastId + " to continue"));
                return Ending.DROPPED;
            }
        } catch (IOException e) {
            if (subscription.overflowed()) {
                return Ending.DROPPED;
            }
            return timedOut(e) ? Ending.ABANDONED : Ending.DISCONNECTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Ending.ABANDONED;
        } finally {
            subscription.close();
        }
    }

    private void endIfLost(String streamId) {
        if (events.describe(streamId).filter(stream -> stream.overdue(clock.instant())).isPresent()) {
            runEvents.endLost(streamId);
        }
    }

    private void notice(SseWriter out, DroppedNotice notice) throws IOException {
        out.event("stream.dropped", json.writeValueAsString(notice));
        out.flush();
    }

    private static boolean timedOut(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
