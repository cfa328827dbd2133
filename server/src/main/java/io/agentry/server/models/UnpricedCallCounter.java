package io.agentry.server.models;

import dev.langchain4j.model.chat.request.ChatRequest;
import io.agentry.model.ModelClient;
import io.agentry.model.ModelReply;
import io.micrometer.core.instrument.Counter;

/**
 * Counts the answered calls of a model with no known price ({@code agent_llm_unpriced_calls_total{model}}):
 * their cost is reported as null, and this metric makes the gap in the spend figures visible.
 */
final class UnpricedCallCounter implements ModelClient {

    static final String METRIC = "agent.llm.unpriced.calls";

    private final ModelClient delegate;
    private final Counter calls;

    UnpricedCallCounter(ModelClient delegate, Counter calls) {
        this.delegate = delegate;
        this.calls = calls;
    }

    @Override
    public String modelId() {
        return delegate.modelId();
    }

    @Override
    public ModelReply chat(ChatRequest request, TokenSink tokens) throws InterruptedException {
        ModelReply reply = delegate.chat(request, tokens);
        calls.increment();
        return reply;
    }
}
