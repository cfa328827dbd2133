package io.agentry.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.FinishReason;
import io.agentry.cost.Usage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RetryingModelClientTest {

    private static final ChatRequest REQUEST = ChatRequest.builder().messages(UserMessage.from("hi")).build();
    private static final ModelReply OK = new ModelReply(AiMessage.from("done"), Usage.of(3, 1), FinishReason.STOP, "m");

    /** Plays a script of outcomes: a reply, or an exception to throw; may stream text before failing. */
    private static final class Script implements ModelClient {
        final Deque<Object> outcomes = new ArrayDeque<>();
        final List<String> streamedBeforeFailure = new ArrayList<>();
        int calls;

        Script then(Object outcome) {
            outcomes.add(outcome);
            return this;
        }

        @Override
        public String modelId() {
            return "openai:test";
        }

        @Override
        public ModelReply chat(ChatRequest request, TokenSink tokens) {
            calls++;
            Object next = outcomes.isEmpty() ? OK : outcomes.poll();
            if (next instanceof RuntimeException e) {
                if (tokens != null) {
                    streamedBeforeFailure.forEach(tokens::onToken);
                }
                throw e;
            }
            return (ModelReply) next;
        }
    }

    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    private RetryingModelClient retrying(ModelClient model, RetryPolicy policy) {
        return new RetryingModelClient(model, policy, waits::add, new Random(7));
    }

    private static RetriableModelException serverError() {
        return new RetriableModelException("openai", 500, "openai returned HTTP 500 (server error)", null, null);
    }

    @Test
    void retriesARetriableFailureAndReturnsTheLaterAnswer() throws Exception {
        Script model = new Script().then(serverError()).then(serverError()).then(OK);

        ModelReply reply = retrying(model, new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5)))
                .chat(REQUEST, null);

        assertThat(reply).isSameAs(OK);
        assertThat(model.calls).isEqualTo(3);
        assertThat(waits).hasSize(2);
        // full jitter: the n-th wait lies between 0 and initial * 2^(n-1)
        assertThat(waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(waits.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }

    @Test
    void honoursRetryAfterExactly() throws Exception {
        Script model = new Script()
                .then(new RetriableModelException("anthropic", 429, "anthropic returned HTTP 429 (rate limited)",
                        Duration.ofSeconds(2), null))
                .then(OK);

        retrying(model, new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5))).chat(REQUEST, null);

        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aRetryAfterLongerThanTheLongestWaitEndsTheRetriesAtOnce() {
        RetriableModelException longWait = new RetriableModelException("openai", 429,
                "openai returned HTTP 429 (rate limited)", Duration.ofMinutes(10), null);
        Script model = new Script().then(longWait);

        assertThatThrownBy(() -> retrying(model, new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(30)))
                .chat(REQUEST, null))
                .isSameAs(longWait);
        assertThat(model.calls).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void afterTheLastAttemptTheFailureIsStillRetriableAndSaysHowManyAttemptsWereMade() {
        Script model = new Script().then(serverError()).then(serverError()).then(serverError());

        assertThatThrownBy(() -> retrying(model, new RetryPolicy(3, Duration.ZERO, Duration.ZERO)).chat(REQUEST, null))
                .isInstanceOfSatisfying(RetriableModelException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("openai returned HTTP 500 (server error) after 3 attempts");
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.provider()).isEqualTo("openai");
                });
        assertThat(model.calls).isEqualTo(3);
    }

    @Test
    void aFailureThatARetryCannotFixIsNotRetried() {
        ModelException unauthorized = new ModelException("anthropic", 401, "anthropic returned HTTP 401 (authentication failed)");
        Script model = new Script().then(unauthorized);

        assertThatThrownBy(() -> retrying(model, new RetryPolicy(3, Duration.ZERO, Duration.ZERO)).chat(REQUEST, null))
                .isSameAs(unauthorized);
        assertThat(model.calls).isEqualTo(1);
    }

    @Test
    void aStreamThatAlreadyShowedTextIsNotRetried() {
        Script model = new Script().then(serverError());
        model.streamedBeforeFailure.add("Hel");
        List<String> shown = new ArrayList<>();

        assertThatThrownBy(() -> retrying(model, new RetryPolicy(3, Duration.ZERO, Duration.ZERO))
                .chat(REQUEST, shown::add))
                .isInstanceOf(RetriableModelException.class);
        assertThat(model.calls).isEqualTo(1);
        assertThat(shown).containsExactly("Hel");
    }

    @Test
    void aStreamThatFailedBeforeAnyTextIsRetried() throws Exception {
        Script model = new Script().then(serverError()).then(OK);

        assertThat(retrying(model, new RetryPolicy(3, Duration.ZERO, Duration.ZERO)).chat(REQUEST, t -> { }))
                .isSameAs(OK);
        assertThat(model.calls).isEqualTo(2);
    }

    @Test
    void theWaitBetweenAttemptsIsInterruptible() throws Exception {
        Script model = new Script().then(new RetriableModelException("openai", 429, "rate limited",
                Duration.ofMinutes(1), null));
        RetryingModelClient client = new RetryingModelClient(model,
                new RetryPolicy(3, Duration.ZERO, Duration.ofMinutes(5)), RetryingModelClient.Sleeper.THREAD, new Random());
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(1);
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                client.chat(REQUEST, null);
            } catch (Throwable t) {
                outcome.set(t);
            }
            finished.countDown();
        });
        org.awaitility.Awaitility.await().until(() -> model.calls == 1 && caller.getState() == Thread.State.TIMED_WAITING);

        caller.interrupt();

        assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        assertThat(model.calls).isEqualTo(1);
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCeiling() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(450));
        Random random = new Random(1);
        for (int failed = 1; failed < 10; failed++) {
            long ceiling = Math.min(100L << (failed - 1), 450);
            for (int i = 0; i < 200; i++) {
                assertThat(policy.delayAfter(failed, null, random).toMillis()).isBetween(0L, ceiling);
            }
        }
        assertThat(policy.delayAfter(10, null, random)).as("no attempts left").isNull();
    }
}
