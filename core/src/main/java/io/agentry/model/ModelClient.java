package io.agentry.model;

import dev.langchain4j.model.chat.request.ChatRequest;

/**
 * The port the agent loop calls the model through: one request, one reply. Implementations wrap a
 * LangChain4j {@code ChatModel}/{@code StreamingChatModel} ({@link LangChainModelClient}) and may be
 * decorated (retries, concurrency limits).
 *
 * <p>Contract: blocking; a non-null {@code tokens} sink asks for a streamed call whose text deltas are
 * passed to the sink in order on the calling thread or another, never concurrently; interrupting the
 * calling thread abandons the call promptly with {@link InterruptedException}. Failures are
 * {@link ModelException}s typed by whether a retry may help.
 */
public interface ModelClient {

    /** The model id as configured, e.g. {@code offline} or {@code openai:gpt-4o}. */
    String modelId();

    ModelReply chat(ChatRequest request, TokenSink tokens) throws InterruptedException;

    @FunctionalInterface
    interface TokenSink {
        void onToken(String text);
    }
}
