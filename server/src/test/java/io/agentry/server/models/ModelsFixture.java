package io.agentry.server.models;

import io.agentry.agent.AgentDefinition;
import io.agentry.agent.AgentLoop;
import io.agentry.agent.Cancellation;
import io.agentry.agent.RunInput;
import io.agentry.agent.RunResult;
import io.agentry.cost.PriceBook;
import io.agentry.run.RunEvent;
import io.agentry.run.RunId;
import io.agentry.server.models.ProvidersProperties.ProviderProperties;
import io.agentry.tool.CalculatorTool;
import io.agentry.tool.CurrentTimeTool;
import io.agentry.tool.ToolRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The real model wiring ({@link ModelRegistry} with its decorators, {@link AgentLoop}) against one
 * provider on a {@link ProviderServer}. Waits between attempts are recorded, and really slept.
 */
final class ModelsFixture implements AutoCloseable {

    static final String OPENAI_KEY = "sk-test-openai-0123456789";
    static final String ANTHROPIC_KEY = "sk-ant-test-0123456789";

    final ProviderServer server = new ProviderServer();
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final ModelRegistry registry;
    final AgentLoop loop;

    private ModelsFixture(Function<ProviderServer, ProvidersProperties> providers) {
        registry = new ModelRegistry(new OfflineModelProperties(0, 0, 0), providers.apply(server), PriceBook.defaults(),
                meters, duration -> {
                    waits.add(duration);
                    Thread.sleep(duration);
                }, Clock.systemUTC());
        loop = new AgentLoop(registry, new ToolRegistry(List.of(new CalculatorTool(), new CurrentTimeTool(Clock.systemUTC()))),
                PriceBook.defaults(), timer);
    }

    /** Quick retries (1 ms initial backoff, at most 5 s), 3 attempts, a 1 s read timeout. */
    static ProviderProperties settings(String baseUrl, String key) {
        return settings(baseUrl, key, 3, Duration.ofSeconds(1));
    }

    static ProviderProperties settings(String baseUrl, String key, int maxAttempts, Duration readTimeout) {
        return new ProviderProperties(key, baseUrl, Duration.ofSeconds(2), readTimeout, maxAttempts,
                Duration.ofMillis(1), Duration.ofSeconds(5), 4);
    }

    static ModelsFixture openAi() {
        return openAi(3, Duration.ofSeconds(1));
    }

    static ModelsFixture openAi(int maxAttempts, Duration readTimeout) {
        return new ModelsFixture(server -> new ProvidersProperties(
                settings(server.url("/v1"), OPENAI_KEY, maxAttempts, readTimeout), null, null));
    }

    static ModelsFixture anthropic() {
        return new ModelsFixture(server -> new ProvidersProperties(null,
                settings(server.url("/v1/"), ANTHROPIC_KEY), null));
    }

    static ModelsFixture compatible(String key) {
        return compatible(server -> server.url("/v1"), key);
    }

    static ModelsFixture compatible(Function<ProviderServer, String> baseUrl, String key) {
        return new ModelsFixture(server -> new ProvidersProperties(null, null, settings(baseUrl.apply(server), key)));
    }

    RunResult run(AgentDefinition agent, String message, boolean stream) {
        return run(agent, message, stream, new Cancellation());
    }

    RunResult run(AgentDefinition agent, String message, boolean stream, Cancellation cancellation) {
        return loop.run(new RunInput(RunId.generate(), agent, message, List.of(), null, "alice", "session-1", stream),
                events::add, cancellation);
    }

    List<String> tokens() {
        return events.stream().filter(e -> e instanceof RunEvent.Token).map(e -> ((RunEvent.Token) e).text()).toList();
    }

    @Override
    public void close() {
        registry.destroy();
        timer.shutdownNow();
        server.close();
    }
}
