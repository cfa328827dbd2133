package io.agentry.server.tasks;

import io.agentry.server.config.ConditionalOnNoRedis;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** {@link TaskSignals} within one process: the embedded mode, where api and workers share the JVM. */
@Component
@ConditionalOnNoRedis
class InProcessTaskSignals implements TaskSignals {

    private final List<Runnable> enqueued = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> cancels = new CopyOnWriteArrayList<>();

    @Override
    public void taskEnqueued() {
        enqueued.forEach(Runnable::run);
    }

    @Override
    public void cancelRequested(String taskId) {
        cancels.forEach(listener -> listener.accept(taskId));
    }

    @Override
    public void onTaskEnqueued(Runnable listener) {
        enqueued.add(listener);
    }

    @Override
    public void onCancelRequested(Consumer<String> listener) {
        cancels.add(listener);
    }
}
