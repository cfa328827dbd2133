package io.agentry.server.observability;

import io.agentry.agent.RunObserver;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Carries a trace across the task queue: the W3C {@code traceparent} of the request that enqueues a task is
 * stored with it, and the worker that runs the task continues that trace. W3C whatever the HTTP
 * propagation is configured to, because it is a stored format.
 */
@Component
public class TraceContexts {

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<String> VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    /** The current trace as a W3C {@code traceparent}, or null when nothing is being traced. */
    public String currentTraceparent() {
        Map<String, String> carrier = new java.util.HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Makes the trace of {@code traceparent} current on this thread until the scope closes, so spans started
     * meanwhile are its children and log lines carry its trace id. Null or malformed: nothing changes.
     */
    public RunObserver.Scope continueTrace(String traceparent) {
        if (traceparent == null) {
            return RunObserver.Scope.NONE;
        }
        Context context = W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, VALUE);
        return context == Context.root() ? RunObserver.Scope.NONE : context.makeCurrent()::close;
    }
}
