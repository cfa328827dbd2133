package io.agentry.server.runs;

import io.agentry.agent.Cancellation;
import io.agentry.events.EventSubscription;
import io.agentry.run.RunEventListener;
import io.agentry.run.RunStatus;
import io.agentry.server.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * {@code POST /run} as a server-sent event stream. The run goes on its own virtual thread and writes its
 * events to the event log; the request's thread follows the log to the client, so a slow client never
 * slows the run and the stream can be resumed, from any replica, at {@code GET /runs/{run_id}/events}.
 *
 * <p>The response is committed only once the run has emitted {@code run.started}: whatever fails before
 * (validation, a foreign session, an unreachable log) is an ordinary problem+json answer. A client that
 * disconnects cancels its run, unless it asked for {@code on_disconnect: continue}; a client dropped for
 * being too slow does not. Runs whose clients are gone are still finished and recorded: on shutdown this
 * waits for them (up to {@link #DRAIN}), then cancels the rest so that they are recorded as cancelled.
 */
@Component
class StreamedRuns implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamedRuns.class);
    static final Duration DRAIN = Duration.ofSeconds(20);

    private final RunService runs;
    private final RunEvents runEvents;
    private final EventStreamer streamer;
    private final Set<Cancellation> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    StreamedRuns(RunService runs, RunEvents runEvents, EventStreamer streamer) {
        this.runs = runs;
        this.runEvents = runEvents;
        this.streamer = streamer;
    }

    void stream(RunCommand command, boolean continueOnDisconnect, HttpServletResponse response) {
        String runId = command.runId().value();
        RunEventRecorder recorder;
        try {
            recorder = runEvents.open(runId, command.userId(), runs.presumedLostAt(command));
        } catch (DataAccessException e) {
            throw EventStreamer.unreachable("open", runId, e);
        }
        EventSubscription subscription;
        try {
            subscription = streamer.subscribe(runId, 0);
        } catch (RuntimeException e) {
            recorder.end(RunStatus.FAILED, null, "The run did not start");
            throw e;
        }
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            launch(command, recorder, cancellation, started);
            awaitStart(started);
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
        SseWriter out;
        try {
            out = new SseWriter(response);
        } catch (IOException e) {
            subscription.close();
            disconnected(command, continueOnDisconnect, cancellation);
            return;
        }
        // this process writes the stream: it ends it whatever happens, so no deadline to watch
        if (streamer.pump(runId, 0, subscription, out, null) == EventStreamer.Ending.DISCONNECTED) {
            disconnected(command, continueOnDisconnect, cancellation);
        }
    }

    private void disconnected(RunCommand command, boolean continueOnDisconnect, Cancellation cancellation) {
        if (continueOnDisconnect) {
            log.info("streaming client of run {} disconnected; the run continues", command.runId());
        } else if (!cancellation.isStopped()) {
            // logged before the cancel: once cancelled, the run may be recorded before this line is written
            log.info("streaming client of run {} disconnected; cancelling the run", command.runId());
            cancellation.cancel();
        }
    }

    private void launch(RunCommand command, RunEventRecorder recorder, Cancellation cancellation,
                        CompletableFuture<Void> started) {
        String runId = command.runId().value();
        RunEventListener listener = event -> {
            recorder.onEvent(event);
            started.complete(null);
        };
        inFlight.add(cancellation);
        try {
            Thread.ofVirtual().name("run-" + runId).start(() -> {
                try {
                    RunOutcome outcome = runs.run(command, listener, cancellation);
                    recorder.finish(outcome);
                } catch (RuntimeException e) {
                    if (started.completeExceptionally(e)) {
                        // answered to the client as a problem; the stream is closed for anybody else
                        recorder.end(RunStatus.FAILED, null, "The run did not start");
                    } else {
                        log.error("streamed run {} failed unexpectedly", runId, e);
                        recorder.end(RunStatus.FAILED, null, ApiException.INTERNAL_ERROR);
                    }
                } finally {
                    inFlight.remove(cancellation);
                    // whatever happened (even an Error), the request never waits for a start that cannot come
                    started.completeExceptionally(new IllegalStateException("run " + runId + " ended before it started"));
                }
            });
        } catch (RuntimeException e) {
            inFlight.remove(cancellation);
            recorder.end(RunStatus.FAILED, null, "The run did not start");
            throw e;
        }
    }

    private static void awaitStart(CompletableFuture<Void> started) {
        try {
            started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.notReady("The server is shutting down; retry shortly");
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Lets runs whose clients are gone finish, within {@link #DRAIN}; cancels the rest. */
    @Override
    public void stop() {
        running = false;
        if (!awaitIdle(DRAIN)) {
            log.warn("cancelling {} streamed runs still going at shutdown", inFlight.size());
            inFlight.forEach(Cancellation::cancel);
            awaitIdle(Duration.ofSeconds(5));
        }
    }

    private boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return inFlight.isEmpty();
            }
        }
        return inFlight.isEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server's graceful shutdown (requests done) and before the web server stops. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1536;
    }
}
