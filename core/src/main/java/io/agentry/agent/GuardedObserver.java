package io.agentry.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.agentry.tool.Tool;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps a failing {@link RunObserver} from failing the run: its exceptions are logged and ignored. */
final class GuardedObserver implements RunObserver {

    private static final Logger log = LoggerFactory.getLogger(GuardedObserver.class);

    private final RunObserver delegate;

    GuardedObserver(RunObserver delegate) {
        this.delegate = delegate;
    }

    @Override
    public ModelObservation modelCall(RunInput run, String model, int iteration, ChatRequest request) {
        ModelObservation observation = guard(() -> delegate.modelCall(run, model, iteration, request), ModelObservation.NONE);
        return new ModelObservation() {
            @Override
            public Scope makeCurrent() {
                return scope(observation::makeCurrent);
            }

            @Override
            public void replied(ModelCall call) {
                guard(() -> observation.replied(call));
            }

            @Override
            public void failed(Throwable error) {
                guard(() -> observation.failed(error));
            }
        };
    }

    @Override
    public ToolObservation toolCall(RunInput run, ToolExecutionRequest request, Tool tool) {
        ToolObservation observation = guard(() -> delegate.toolCall(run, request, tool), ToolObservation.NONE);
        return new ToolObservation() {
            @Override
            public Scope makeCurrent() {
                return scope(observation::makeCurrent);
            }

            @Override
            public void finished(String errorType) {
                guard(() -> observation.finished(errorType));
            }
        };
    }

    /** The observer's scope, whose {@code close()} is guarded too (it runs in the loop's try-with-resources). */
    private static Scope scope(Supplier<Scope> makeCurrent) {
        Scope scope = guard(makeCurrent, Scope.NONE);
        return scope == Scope.NONE ? Scope.NONE : () -> guard(scope::close);
    }

    private static <T> T guard(Supplier<T> call, T fallback) {
        try {
            T value = call.get();
            return value == null ? fallback : value;
        } catch (RuntimeException e) {
            log.warn("run observer failed", e);
            return fallback;
        }
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("run observer failed", e);
        }
    }
}
