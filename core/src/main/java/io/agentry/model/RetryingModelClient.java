package io.agentry.model;

import dev.langchain4j.model.chat.request.ChatRequest;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a model call that failed with a {@link RetriableModelException} (429, 5xx, timeout, dropped
 * connection) according to a {@link RetryPolicy}; other failures pass through at once. The only retry
 * policy of a call: the provider clients underneath make one attempt each.
 *
 * <p>A streamed call that has already passed text to its sink is not retried: the caller has shown
 * that text, and a second attempt would repeat or contradict it. The wait between attempts is
 * interruptible, so cancelling a run also ends its retries. After the last attempt the caller gets a
 * {@link RetriableModelException} saying how many attempts were made, so a background task may be
 * retried later as a whole.
 */
public final class RetryingModelClient implements ModelClient {

    /** Waits between attempts; tests record the waits instead of sleeping through them. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper THREAD = Thread::sleep;

        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(RetryingModelClient.class);

    private final ModelClient delegate;
    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public RetryingModelClient(ModelClient delegate, RetryPolicy policy, Sleeper sleeper, RandomGenerator random) {
        this.delegate = delegate;
        this.policy = policy;
        this.sleeper = sleeper;
        this.random = random;
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    @Override
    public ModelReply chat(ChatRequest request, TokenSink tokens) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            TrackingSink tracked = tokens == null ? null : new TrackingSink(tokens);
            try {
                return delegate.chat(request, tracked);
            } catch (RetriableModelException e) {
                boolean streamed = tracked != null && tracked.emitted;
                Duration delay = streamed ? null : policy.delayAfter(attempt, e.retryAfter(), random);
                if (delay == null) {
                    throw attempt == 1 ? e : new RetriableModelException(e.provider(), e.status(),
                            e.getMessage() + " after " + attempt + " attempts", e.retryAfter(), e);
                }
                log.warn("model {}: attempt {} of {} failed ({}); retrying in {} ms", delegate.modelId(), attempt,
                        policy.maxAttempts(), e.getMessage(), delay.toMillis());
                sleeper.sleep(delay);
            }
        }
    }

    /** Passes text through and remembers whether any was passed. */
    private static final class TrackingSink implements TokenSink {
        private final TokenSink sink;
        private volatile boolean emitted;

        TrackingSink(TokenSink sink) {
            this.sink = sink;
        }

        @Override
        public void onToken(String text) {
            emitted = true;
            sink.onToken(text);
        }
    }
}
