package io.agentry.model;

import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The built-in {@code offline} model: a deterministic test double for an LLM, needing no key and no
 * network. It is not intelligent; see {@link OfflineReplies} for exactly what it answers. It behaves
 * like a provider where it matters to the server: it calls tools, streams its answer token by token
 * (jtokkit o200k tokens), honours {@code max_tokens} (truncating with finish reason LENGTH) and
 * reports usage, counting input with {@link TokenCounter#countRequest} and output as the tokens it
 * produced. Latency and pacing come from {@link OfflineModelOptions}; both sleeps are interruptible.
 */
public final class OfflineChatModel implements ChatModel, StreamingChatModel {

    public static final String MODEL_NAME = "offline";

    private final OfflineModelOptions options;
    private final TokenCounter counter = TokenCounter.forModel(MODEL_NAME);

    public OfflineChatModel(OfflineModelOptions options) {
        this.options = options;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        Planned planned = plan(request);
        try {
            sleepMillis(options.latencyMs());
            if (options.tokensPerSecond() > 0) {
                sleepNanos((long) (planned.tokens.size() * 1e9 / options.tokensPerSecond()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OfflineInterruptedException();
        }
        return planned.response;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        Planned planned;
        try {
            planned = plan(request);
        } catch (RuntimeException e) {
            handler.onError(e);
            return;
        }
        CancellableHandle handle = new CancellableHandle();
        PartialResponseContext context = new PartialResponseContext(handle);
        try {
            sleepMillis(options.latencyMs());
            long start = System.nanoTime();
            for (int i = 0; i < planned.tokens.size(); i++) {
                if (options.tokensPerSecond() > 0 && i > 0) {
                    long due = start + (long) (i * 1e9 / options.tokensPerSecond());
                    sleepNanos(due - System.nanoTime());
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                if (handle.isCancelled()) {
                    return;
                }
                handler.onPartialResponse(new PartialResponse(planned.tokens.get(i)), context);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handler.onError(e);
            return;
        }
        handler.onCompleteResponse(planned.response);
    }

    private Planned plan(ChatRequest request) {
        AiMessage message = OfflineReplies.next(request.messages(), request.toolSpecifications(), options.toolRounds());
        int inputTokens = counter.countRequest(request.messages(), request.toolSpecifications());
        Integer maxOutput = request.maxOutputTokens();
        Encoding encoding = counter.encoding();
        FinishReason finish;
        List<String> pieces = List.of();
        int outputTokens;
        if (message.hasToolExecutionRequests()) {
            outputTokens = 0;
            for (ToolExecutionRequest call : message.toolExecutionRequests()) {
                outputTokens += counter.count(call.name()) + counter.count(call.arguments());
            }
            finish = FinishReason.TOOL_EXECUTION;
            if (maxOutput != null && outputTokens > maxOutput) {
                // a real provider would cut the call's JSON short; the result is unusable either way
                message = AiMessage.from("");
                outputTokens = maxOutput;
                finish = FinishReason.LENGTH;
            }
        } else {
            IntArrayList tokens = encoding.encodeOrdinary(message.text());
            finish = FinishReason.STOP;
            if (maxOutput != null && tokens.size() > maxOutput) {
                IntArrayList kept = new IntArrayList(maxOutput);
                for (int i = 0; i < maxOutput; i++) {
                    kept.add(tokens.get(i));
                }
                tokens = kept;
                message = AiMessage.from(encoding.decode(kept));
                finish = FinishReason.LENGTH;
            }
            outputTokens = tokens.size();
            pieces = pieces(encoding, tokens);
        }
        ChatResponse response = ChatResponse.builder()
                .aiMessage(message)
                .modelName(MODEL_NAME)
                .tokenUsage(new TokenUsage(inputTokens, outputTokens))
                .finishReason(finish)
                .build();
        return new Planned(response, pieces);
    }

    /** Decodes token by token, holding back bytes until they form whole UTF-8 characters. */
    private static List<String> pieces(Encoding encoding, IntArrayList tokens) {
        List<String> pieces = new ArrayList<>(tokens.size());
        byte[] pending = new byte[0];
        IntArrayList one = new IntArrayList(1);
        for (int i = 0; i < tokens.size(); i++) {
            one.clear();
            one.add(tokens.get(i));
            byte[] bytes = encoding.decodeBytes(one);
            byte[] joined = new byte[pending.length + bytes.length];
            System.arraycopy(pending, 0, joined, 0, pending.length);
            System.arraycopy(bytes, 0, joined, pending.length, bytes.length);
            try {
                pieces.add(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(joined)).toString());
                pending = new byte[0];
            } catch (CharacterCodingException e) {
                pending = joined;
            }
        }
        if (pending.length > 0) {
            pieces.add(new String(pending, StandardCharsets.UTF_8));
        }
        return pieces;
    }

    private static void sleepMillis(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        } else if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return DefaultChatRequestParameters.EMPTY;
    }

    @Override
    public List<ChatModelListener> listeners() {
        return List.of();
    }

    @Override
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    @Override
    public Set<dev.langchain4j.model.chat.Capability> supportedCapabilities() {
        return Set.of();
    }

    /** Lets a consumer stop the stream, as a provider's handle would close the connection. */
    private static final class CancellableHandle implements StreamingHandle {
        private volatile boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }

    private record Planned(ChatResponse response, List<String> tokens) {
    }

    /** Thrown by a blocking call whose thread was interrupted; the interrupt flag stays set. */
    static final class OfflineInterruptedException extends RuntimeException {
        OfflineInterruptedException() {
            super("offline model call interrupted", null, false, false);
        }
    }
}
