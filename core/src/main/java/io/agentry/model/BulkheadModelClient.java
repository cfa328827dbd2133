package io.agentry.model;

import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.concurrent.Semaphore;

/**
 * Bounds the simultaneous calls of one model: every client of the model shares one {@link Semaphore}
 * (one slot per call in flight). A caller waits for a free slot in arrival order; the wait is
 * interruptible, so a cancelled run or one past its time limit stops waiting at once.
 */
public final class BulkheadModelClient implements ModelClient {

    private final ModelClient delegate;
    private final Semaphore slots;

    /** @param slots shared by every client of the same model; should be fair */
    public BulkheadModelClient(ModelClient delegate, Semaphore slots) {
        this.delegate = delegate;
        this.slots = slots;
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    @Override
    public ModelReply chat(ChatRequest request, TokenSink tokens) throws InterruptedException {
        slots.acquire();
        try {
            return delegate.chat(request, tokens);
        } finally {
            slots.release();
        }
    }
}
