package io.agentry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.FinishReason;
import io.agentry.cost.Usage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BulkheadModelClientTest {

    private static final ChatRequest REQUEST = ChatRequest.builder().messages(UserMessage.from("hi")).build();

    /** Blocks every call until released; counts calls in flight. */
    private static final class Gate implements ModelClient {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger started = new AtomicInteger();

        @Override
        public String modelId() {
            return "openai:test";
        }

        @Override
        public ModelReply chat(ChatRequest request, TokenSink tokens) throws InterruptedException {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            started.incrementAndGet();
            try {
                release.await();
                return new ModelReply(AiMessage.from("ok"), Usage.of(1, 1), FinishReason.STOP, "m");
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    @Test
    void clientsOfOneModelShareItsSlots() throws Exception {
        Gate model = new Gate();
        Semaphore slots = new Semaphore(2, true);
        // two agents' clients of the same model share the semaphore
        ModelClient agentA = new BulkheadModelClient(model, slots);
        ModelClient agentB = new BulkheadModelClient(model, slots);
        CountDownLatch done = new CountDownLatch(5);
        for (int i = 0; i < 5; i++) {
            ModelClient client = i % 2 == 0 ? agentA : agentB;
            Thread.ofVirtual().start(() -> {
                try {
                    client.chat(REQUEST, null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                done.countDown();
            });
        }
        await().until(() -> model.started.get() == 2 && slots.getQueueLength() == 3);

        model.release.countDown();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(model.started.get()).isEqualTo(5);
        assertThat(model.maxInFlight.get()).isEqualTo(2);
        assertThat(slots.availablePermits()).isEqualTo(2);
    }

    @Test
    void waitingForASlotIsInterruptible() throws Exception {
        Gate model = new Gate();
        Semaphore slots = new Semaphore(1, true);
        ModelClient client = new BulkheadModelClient(model, slots);
        Thread holder = Thread.ofVirtual().start(() -> {
            try {
                client.chat(REQUEST, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().until(() -> model.started.get() == 1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                client.chat(REQUEST, null);
            } catch (Throwable t) {
                outcome.set(t);
            }
            finished.countDown();
        });
        await().until(() -> slots.getQueueLength() == 1);

        waiter.interrupt();

        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(model.started.get()).as("the interrupted caller never called the model").isEqualTo(1);
        model.release.countDown();
        holder.join();
        assertThat(slots.availablePermits()).isEqualTo(1);
    }
}
