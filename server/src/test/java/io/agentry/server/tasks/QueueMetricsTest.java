package io.agentry.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.queue.InMemoryTaskQueue;
import io.agentry.queue.TaskQueue;
import io.agentry.queue.TaskRequest;
import io.agentry.server.observability.MetricsProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/** The queue gauges show the store's figures as of the last refresh, never querying it on a read. */
class QueueMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void gaugesShowDepthRunningAndOldestAgeAsOfTheLastRefresh() {
        InMemoryTaskQueue store = new InMemoryTaskQueue();
        AtomicInteger statsCalls = new AtomicInteger();
        // counts stats() calls, to see that reading a gauge does not query the queue
        TaskQueue queue = (TaskQueue) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TaskQueue.class}, (proxy, method, args) -> {
                    if (method.getName().equals("stats")) {
                        statsCalls.incrementAndGet();
                    }
                    return method.invoke(store, args);
                });
        for (int i = 0; i < 3; i++) {
            queue.enqueue(UUID.randomUUID().toString(), TaskRequest.builder("u", "m" + i).build(),
                    null, null, 2, T0.plusSeconds(i));
        }
        queue.claim("w", 1, Duration.ofSeconds(30), T0.plusSeconds(5));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QueueMetrics metrics = new QueueMetrics(queue, Clock.fixed(T0.plusSeconds(61), ZoneOffset.UTC),
                new MetricsProperties(null, null), registry, new StaticListableBeanFactory().getBeanProvider(TaskWorker.class));

        assertThat(registry.get("agent.queue.depth").gauge().value()).isZero();
        metrics.refresh();
        int calls = statsCalls.get();

        assertThat(registry.get("agent.queue.depth").gauge().value()).isEqualTo(2);
        assertThat(registry.get("agent.queue.running").gauge().value()).isEqualTo(1);
        // the oldest task still waiting was enqueued at T0 + 1 s
        assertThat(registry.get("agent.queue.oldest.age").gauge().value()).isEqualTo(60);
        assertThat(statsCalls.get()).isEqualTo(calls);
        // no worker in this process: no slot gauges
        assertThat(registry.find("agent.worker.slots.busy").gauge()).isNull();
    }
}
