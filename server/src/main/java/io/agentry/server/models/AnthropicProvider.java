package io.agentry.server.models;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicChatRequestParameters;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.agentry.cost.Usage;
import io.agentry.model.CallSettings;
import io.agentry.model.UsageMapper;
import io.agentry.server.models.ProvidersProperties.ProviderProperties;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code anthropic:<model>}: the Anthropic Messages API. An agent with prompt caching gets
 * {@code cache_control} on its system prompt and its tool definitions (the stable prefix of every call).
 */
final class AnthropicProvider implements ModelProvider {

    static final String ANTHROPIC = "anthropic";

    /** Anthropic reports the three prompt kinds apart already: {@code input_tokens} excludes the cached. */
    static final UsageMapper USAGE = tokenUsage -> {
        if (tokenUsage == null) {
            return Usage.ZERO;
        }
        long cacheRead = 0;
        long cacheWrite = 0;
        if (tokenUsage instanceof AnthropicTokenUsage anthropic) {
            cacheRead = UsageMapper.nonNull(anthropic.cacheReadInputTokens());
            cacheWrite = UsageMapper.nonNull(anthropic.cacheCreationInputTokens());
        }
        return new Usage(UsageMapper.nonNull(tokenUsage.inputTokenCount()),
                UsageMapper.nonNull(tokenUsage.outputTokenCount()), cacheRead, cacheWrite);
    };

    private final ProviderProperties settings;
    private final Supplier<HttpClientBuilder> http;

    AnthropicProvider(ProviderProperties settings, Supplier<HttpClientBuilder> http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String name() {
        return ANTHROPIC;
    }

    @Override
    public ProviderProperties settings() {
        return settings;
    }

    @Override
    public Models models(String modelName) {
        if (settings.apiKey() == null) {
            throw ModelSetupException.unconfiguredProvider("model 'anthropic:" + modelName + "' needs an Anthropic API key",
                    "ANTHROPIC_API_KEY (or agentry.providers.anthropic.api-key)");
        }
        return new Models(
                AnthropicChatModel.builder()
                        .httpClientBuilder(http.get())
                        .baseUrl(settings.baseUrl())
                        .apiKey(settings.apiKey())
                        .modelName(modelName)
                        .maxRetries(0)
                        .build(),
                AnthropicStreamingChatModel.builder()
                        .httpClientBuilder(http.get())
                        .baseUrl(settings.baseUrl())
                        .apiKey(settings.apiKey())
                        .modelName(modelName)
                        .build());
    }

    @Override
    public UnaryOperator<ChatRequest> requestOptions(CallSettings call) {
        boolean cache = call.promptCaching();
        return request -> ChatRequest.builder()
                .messages(request.messages())
                .parameters(AnthropicChatRequestParameters.builder()
                        .overrideWith(request.parameters())
                        .cacheSystemMessages(cache)
                        .cacheTools(cache)
                        .build())
                .build();
    }

    @Override
    public UsageMapper usage() {
        return USAGE;
    }
}
