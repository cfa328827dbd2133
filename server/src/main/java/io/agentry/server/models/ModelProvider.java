package io.agentry.server.models;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.agentry.model.CallSettings;
import io.agentry.model.UsageMapper;
import io.agentry.server.models.ProvidersProperties.ProviderProperties;
import java.util.function.UnaryOperator;

/** One provider prefix of our model ids ({@code openai:gpt-4o}): how to build and call its models. */
interface ModelProvider {

    /** The prefix, e.g. {@code openai}. */
    String name();

    ProviderProperties settings();

    /**
     * The LangChain4j models for one model name, making one attempt per call (retries are ours).
     *
     * @throws ModelSetupException when the provider is not configured well enough to call it (no key, no base
     *                             URL), naming what to set
     */
    Models models(String modelName);

    /** Turns the loop's provider-neutral request into this provider's, applying one agent's settings. */
    UnaryOperator<ChatRequest> requestOptions(CallSettings settings);

    /** Maps this provider's token usage (with its cache details) to ours. */
    UsageMapper usage();

    record Models(ChatModel blocking, StreamingChatModel streaming) {
    }
}
