package io.agentry.model;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Adapts a LangChain4j chat model pair to {@link ModelClient}: a blocking call when no token sink is
 * given, a streamed one otherwise. Provider exceptions become {@link ModelException} or
 * {@link RetriableModelException} whose message names the provider and the HTTP status and never holds
 * the key, the request or the provider's error text (which may echo either).
 *
 * <p>{@code requestOptions} turns the loop's provider-neutral request into the provider's own (e.g. adds
 * {@code prompt_cache_key} or Anthropic cache markers); it is applied to every call.
 */
public final class LangChainModelClient implements ModelClient {

    private final String modelId;
    private final String provider;
    private final ChatModel blocking;
    private final StreamingChatModel streaming;
    private final UsageMapper usageMapper;
    private final UnaryOperator<ChatRequest> requestOptions;

    public LangChainModelClient(String modelId, String provider, ChatModel blocking, StreamingChatModel streaming,
                                UsageMapper usageMapper) {
        this(modelId, provider, blocking, streaming, usageMapper, UnaryOperator.identity());
    }

    public LangChainModelClient(String modelId, String provider, ChatModel blocking, StreamingChatModel streaming,
                                UsageMapper usageMapper, UnaryOperator<ChatRequest> requestOptions) {
        this.modelId = modelId;
        this.provider = provider;
        this.blocking = blocking;
        this.streaming = streaming;
        this.usageMapper = usageMapper;
        this.requestOptions = requestOptions;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public ModelReply chat(ChatRequest request, TokenSink tokens) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        ChatRequest providerRequest = requestOptions.apply(request);
        ChatResponse response = tokens == null || streaming == null
                ? callBlocking(providerRequest) : callStreaming(providerRequest, tokens);
        return new ModelReply(response.aiMessage(), usageMapper.map(response.tokenUsage()),
                response.finishReason(), response.modelName() != null ? response.modelName() : request.modelName());
    }

    private ChatResponse callBlocking(ChatRequest request) throws InterruptedException {
        try {
            return blocking.chat(request);
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || hasCause(e, InterruptedException.class)) {
                throw new InterruptedException("model call interrupted");
            }
            throw classify(e);
        }
    }

    private ChatResponse callStreaming(ChatRequest request, TokenSink tokens) throws InterruptedException {
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        AtomicReference<StreamingHandle> handle = new AtomicReference<>();
        try {
            streaming.chat(request, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String text) {
                    if (!done.isDone() && text != null && !text.isEmpty()) {
                        tokens.onToken(text);
                    }
                }

                @Override
                public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                    handle.compareAndSet(null, context.streamingHandle());
                    onPartialResponse(partial.text());
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.complete(response);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // some clients fail before streaming starts by throwing rather than through onError
            done.completeExceptionally(e);
        }
        try {
            // a complete answer is returned even if the caller was interrupted meanwhile: it was billed, so the
            // loop accounts for it before it sees the interrupt
            return done.get();
        } catch (InterruptedException e) {
            done.cancel(true);
            StreamingHandle h = handle.get();
            if (h != null) {
                h.cancel();
            }
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // a client that streams on the calling thread reports an interrupt as an I/O error
            if (Thread.currentThread().isInterrupted() || hasCause(cause, InterruptedException.class)) {
                throw new InterruptedException("model call interrupted");
            }
            throw classify(cause);
        }
    }

    /** Maps a provider failure to our types; the message names provider and status, nothing else. */
    ModelException classify(Throwable error) {
        if (error instanceof ModelException known) {
            return known;
        }
        HttpException http = findCause(error, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            ProviderHttpException detailed = http instanceof ProviderHttpException p ? p : null;
            String code = detailed == null ? null : detailed.errorCode();
            String message = provider + " returned HTTP " + status + " (" + HttpStatusReason.of(status)
                    + (code == null || code.endsWith("_error") ? "" : ": " + code) + ")";
            if (HttpStatusReason.isRetriable(status, code)) {
                return new RetriableModelException(provider, status, message,
                        detailed == null ? null : detailed.retryAfter(), error);
            }
            return new ModelException(provider, status, message, error);
        }
        if (error instanceof TimeoutException || hasCause(error, HttpTimeoutException.class)
                || hasCause(error, java.net.SocketTimeoutException.class)) {
            return new RetriableModelException(provider, 0, provider + " call timed out", null, error);
        }
        if (error instanceof RetriableException || hasCause(error, IOException.class)) {
            return new RetriableModelException(provider, 0, provider + " call failed: connection error", null, error);
        }
        return new ModelException(provider, 0, provider + " call failed: " + error.getClass().getSimpleName(), error);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        return findCause(error, type) != null;
    }

    private static <T extends Throwable> T findCause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
