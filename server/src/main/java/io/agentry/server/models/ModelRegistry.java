package io.agentry.server.models;

import io.agentry.cost.PriceBook;
import io.agentry.model.BulkheadModelClient;
import io.agentry.model.CallSettings;
import io.agentry.model.LangChainModelClient;
import io.agentry.model.ModelClient;
import io.agentry.model.ModelId;
import io.agentry.model.ModelResolver;
import io.agentry.model.OfflineChatModel;
import io.agentry.model.RetryPolicy;
import io.agentry.model.RetryingModelClient;
import io.agentry.model.UsageMapper;
import io.agentry.server.models.ProvidersProperties.ProviderProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Model ids to {@link ModelClient}s. {@code offline} is built in; {@code openai:<model>},
 * {@code anthropic:<model>} and {@code openai-compatible:<model>} are built by their {@link ModelProvider}.
 * An application (or a test) can add a model of its own by defining a {@link ModelClient} bean: it is
 * served as it is under its {@link ModelClient#modelId()}.
 *
 * <p>A provider model's client is, from the outside in: retries ({@link RetryingModelClient}, the only
 * retry policy: LangChain4j's are off), the model's concurrency limit ({@link BulkheadModelClient}, one
 * semaphore per model id shared by every agent, taken per attempt so a backoff wait holds no slot), then
 * the LangChain4j models with the agent's {@link CallSettings}. A model with no known price also counts
 * its calls ({@link UnpricedCallCounter}) and is warned about once, when first resolved.
 *
 * <p>The LangChain4j models and the semaphore are built once per model id; the thin per-agent client once
 * per (model id, agent settings).
 */
@Component
public class ModelRegistry implements ModelResolver, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    private static final String OFFLINE_PROVIDER = "offline";
    /** Each calling thread draws from its own generator, so concurrent retries spread out. */
    private static final RandomGenerator JITTER = () -> ThreadLocalRandom.current().nextLong();

    private final OfflineModelProperties offline;
    private final PriceBook prices;
    private final MeterRegistry meters;
    private final RetryingModelClient.Sleeper sleeper;
    private final Clock clock;
    private final Map<String, ModelProvider> providers;
    private final ScheduledThreadPoolExecutor readTimeouts;
    private final Map<String, HttpClient> httpClients = new ConcurrentHashMap<>();
    private final Map<String, Model> models = new ConcurrentHashMap<>();
    private final Map<ClientKey, ModelClient> clients = new ConcurrentHashMap<>();
    private Map<String, ModelClient> custom = Map.of();

    @Autowired
    public ModelRegistry(OfflineModelProperties offline, ProvidersProperties providers, PriceBook prices,
                         MeterRegistry meters, List<ModelClient> customModels) {
        this(offline, providers, prices, meters, RetryingModelClient.Sleeper.THREAD, Clock.systemUTC());
        this.custom = customModels.stream().collect(Collectors.toUnmodifiableMap(ModelClient::modelId, Function.identity()));
    }

    /** For tests: the waits between attempts go through {@code sleeper}. */
    ModelRegistry(OfflineModelProperties offline, ProvidersProperties providers, PriceBook prices,
                  MeterRegistry meters, RetryingModelClient.Sleeper sleeper, Clock clock) {
        this.offline = offline;
        this.prices = prices;
        this.meters = meters;
        this.sleeper = sleeper;
        this.clock = clock;
        this.readTimeouts = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("agentry-model-read-timeouts").daemon().factory());
        this.readTimeouts.setRemoveOnCancelPolicy(true);
        this.providers = List.of(
                        OpenAiProvider.openAi(providers.openai(), () -> httpBuilder(OpenAiProvider.OPENAI, providers.openai())),
                        new AnthropicProvider(providers.anthropic(),
                                () -> httpBuilder(AnthropicProvider.ANTHROPIC, providers.anthropic())),
                        OpenAiProvider.compatible(providers.openaiCompatible(),
                                () -> httpBuilder(OpenAiProvider.COMPATIBLE, providers.openaiCompatible())))
                .stream().collect(Collectors.toUnmodifiableMap(ModelProvider::name, Function.identity()));
    }

    @Override
    public ModelClient resolve(String modelId) {
        return resolve(modelId, CallSettings.NONE);
    }

    @Override
    public ModelClient resolve(String modelId, CallSettings settings) {
        ClientKey key = new ClientKey(modelId, settings);
        ModelClient client = clients.get(key);
        return client != null ? client : clients.computeIfAbsent(key, k -> model(modelId).client(settings));
    }

    private Model model(String modelId) {
        Model model = models.get(modelId);
        return model != null ? model : models.computeIfAbsent(modelId, this::create);
    }

    private Model create(String modelId) {
        ModelClient own = custom.get(modelId);
        if (own != null) {
            return settings -> own;
        }
        if (modelId.equals(OfflineChatModel.MODEL_NAME)) {
            OfflineChatModel model = new OfflineChatModel(offline.toOptions());
            return settings -> new LangChainModelClient(modelId, OFFLINE_PROVIDER, model, model, UsageMapper.PLAIN);
        }
        ModelId id = ModelId.parse(modelId);
        String prefix = id.provider();
        ModelProvider provider = providers.get(prefix);
        if (provider == null) {
            throw ModelSetupException.unknownModel("unknown model '" + modelId + "': provider '" + prefix + "' is not supported",
                    "offline, openai:<model>, anthropic:<model> or openai-compatible:<model>");
        }
        String modelName = id.name().strip();
        if (modelName.isEmpty()) {
            throw ModelSetupException.unknownModel("model id '" + modelId + "' names no model", prefix + ":<model>");
        }
        ModelProvider.Models built = provider.models(modelName);
        ProviderProperties settings = provider.settings();
        Semaphore slots = new Semaphore(settings.maxConcurrency(), true);
        RetryPolicy retries = new RetryPolicy(settings.maxAttempts(), settings.initialBackoff(), settings.maxBackoff());
        Counter unpriced = null;
        if (prices.priceFor(modelId).isEmpty()) {
            log.warn("no price is known for model {}: its runs report cost_usd null and cost budgets cannot be "
                    + "enforced; set agentry.prices[{}].input and .output", modelId, modelName);
            unpriced = Counter.builder(UnpricedCallCounter.METRIC)
                    .description("Model calls whose cost is unknown because the model has no price")
                    .tag("model", modelId)
                    .register(meters);
        }
        Counter unpricedCalls = unpriced;
        return call -> {
            ModelClient client = new LangChainModelClient(modelId, provider.name(), built.blocking(), built.streaming(),
                    provider.usage(), provider.requestOptions(call));
            client = new BulkheadModelClient(client, slots);
            client = new RetryingModelClient(client, retries, sleeper, JITTER);
            return unpricedCalls == null ? client : new UnpricedCallCounter(client, unpricedCalls);
        };
    }

    private ProviderHttpClient.Builder httpBuilder(String provider, ProviderProperties settings) {
        HttpClient http = httpClients.computeIfAbsent(provider,
                p -> HttpClient.newBuilder()
                        .connectTimeout(settings.connectTimeout())
                        // the JVM's proxy settings (https.proxyHost, ...) apply, as for any Java client
                        .proxy(ProxySelector.getDefault())
                        .build());
        return new ProviderHttpClient.Builder(http, settings.connectTimeout(), settings.readTimeout(), readTimeouts,
                clock);
    }

    @Override
    public void destroy() {
        readTimeouts.shutdownNow();
        httpClients.values().forEach(HttpClient::shutdownNow);
    }

    /** One model id's shared parts, making the client for one agent's settings. */
    @FunctionalInterface
    private interface Model {
        ModelClient client(CallSettings settings);
    }

    private record ClientKey(String modelId, CallSettings settings) {
    }
}
