package io.agentry.server.models;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import io.agentry.cost.Usage;
import io.agentry.model.CallSettings;
import io.agentry.model.UsageMapper;
import io.agentry.server.models.ProvidersProperties.ProviderProperties;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code openai:<model>} (the OpenAI API, key required) and {@code openai-compatible:<model>} (any server
 * speaking the OpenAI chat API at a configured base URL, key optional).
 *
 * <p>For OpenAI itself, {@code max_tokens} is sent as {@code max_completion_tokens} (the o-series and
 * gpt-5 models refuse the old name) and an agent with prompt caching sends {@code prompt_cache_key =
 * agentry-<agent>}, so that its calls, which share their prefix, land on the same cache. Compatible servers
 * get the plain, widely implemented fields only.
 */
final class OpenAiProvider implements ModelProvider {

    static final String OPENAI = "openai";
    static final String COMPATIBLE = "openai-compatible";

    /** OpenAI counts cached tokens inside {@code prompt_tokens}; ours are disjoint kinds. */
    static final UsageMapper USAGE = tokenUsage -> {
        if (tokenUsage == null) {
            return Usage.ZERO;
        }
        long prompt = UsageMapper.nonNull(tokenUsage.inputTokenCount());
        long cached = tokenUsage instanceof OpenAiTokenUsage openAi && openAi.inputTokensDetails() != null
                ? UsageMapper.nonNull(openAi.inputTokensDetails().cachedTokens()) : 0;
        cached = Math.min(cached, prompt);
        return new Usage(prompt - cached, UsageMapper.nonNull(tokenUsage.outputTokenCount()), cached, 0);
    };

    private final String name;
    private final ProviderProperties settings;
    private final Supplier<HttpClientBuilder> http;

    private OpenAiProvider(String name, ProviderProperties settings, Supplier<HttpClientBuilder> http) {
        this.name = name;
        this.settings = settings;
        this.http = http;
    }

    static OpenAiProvider openAi(ProviderProperties settings, Supplier<HttpClientBuilder> http) {
        return new OpenAiProvider(OPENAI, settings, http);
    }

    static OpenAiProvider compatible(ProviderProperties settings, Supplier<HttpClientBuilder> http) {
        return new OpenAiProvider(COMPATIBLE, settings, http);
    }

    private boolean isOpenAi() {
        return name.equals(OPENAI);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderProperties settings() {
        return settings;
    }

    @Override
    public Models models(String modelName) {
        if (isOpenAi() && settings.apiKey() == null) {
            throw ModelSetupException.unconfiguredProvider("model 'openai:" + modelName + "' needs an OpenAI API key",
                    "OPENAI_API_KEY (or agentry.providers.openai.api-key)");
        }
        if (settings.baseUrl() == null) {
            throw ModelSetupException.unconfiguredProvider("model '" + name + ":" + modelName + "' needs the server's URL",
                    "agentry.providers.openai-compatible.base-url (e.g. http://localhost:11434/v1 for Ollama)");
        }
        return new Models(
                OpenAiChatModel.builder()
                        .httpClientBuilder(http.get())
                        .baseUrl(settings.baseUrl())
                        .apiKey(settings.apiKey())
                        .modelName(modelName)
                        .maxRetries(0)
                        .build(),
                OpenAiStreamingChatModel.builder()
                        .httpClientBuilder(http.get())
                        .baseUrl(settings.baseUrl())
                        .apiKey(settings.apiKey())
                        .modelName(modelName)
                        .build());
    }

    @Override
    public UnaryOperator<ChatRequest> requestOptions(CallSettings call) {
        if (!isOpenAi()) {
            return UnaryOperator.identity();
        }
        Map<String, Object> cacheKey = call.promptCaching() && !call.agent().isEmpty()
                ? Map.of("prompt_cache_key", "agentry-" + call.agent()) : Map.of();
        return request -> {
            OpenAiChatRequestParameters.Builder parameters = OpenAiChatRequestParameters.builder()
                    .overrideWith(request.parameters())
                    .maxCompletionTokens(request.maxOutputTokens())
                    .maxOutputTokens(null);
            if (!cacheKey.isEmpty()) {
                parameters.customParameters(cacheKey);
            }
            return ChatRequest.builder().messages(request.messages()).parameters(parameters.build()).build();
        };
    }

    @Override
    public UsageMapper usage() {
        return USAGE;
    }
}
