package io.agentry.server.models;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Passes a provider stream's events through and makes its end (close or error) reach the listener exactly once,
 * a timeout as a {@link TimeoutException}.
 */
final class OnceSseListener implements ServerSentEventListener {
    private final ServerSentEventListener delegate;
    private final AtomicBoolean ended = new AtomicBoolean();

    OnceSseListener(ServerSentEventListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onOpen(SuccessfulHttpResponse response) {
        delegate.onOpen(response);
    }

    @Override
    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
        if (!ended.get()) {
            delegate.onEvent(event, context);
        }
    }

    @Override
    public void onEvent(ServerSentEvent event) {
        if (!ended.get()) {
            delegate.onEvent(event);
        }
    }

    @Override
    public void onError(Throwable error) {
        if (ended.compareAndSet(false, true)) {
            delegate.onError(error instanceof HttpTimeoutException ? new TimeoutException(error) : error);
        }
    }

    @Override
    public void onClose() {
        if (ended.compareAndSet(false, true)) {
            delegate.onClose();
        }
    }
}
