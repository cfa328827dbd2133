package io.agentry.server.models;

import static io.agentry.server.models.ProviderServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.agentry.agent.AgentDefinition;
import io.agentry.agent.AgentLoop;
import io.agentry.agent.Cancellation;
import io.agentry.agent.RunInput;
import io.agentry.agent.RunResult;
import io.agentry.cost.PriceBook;
import io.agentry.model.CallSettings;
import io.agentry.model.ModelClient;
import io.agentry.run.RunEventListener;
import io.agentry.run.RunId;
import io.agentry.server.config.PropertyDefaults;
import io.agentry.server.models.ProvidersProperties.ProviderProperties;
import io.agentry.tool.ToolRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private static final ProviderProperties NONE = PropertyDefaults.defaults(ProviderProperties.class);

    private static ModelRegistry registry(ProvidersProperties providers) {
        return new ModelRegistry(new OfflineModelProperties(0, 0, 0), providers, PriceBook.defaults(),
                new SimpleMeterRegistry(), Thread::sleep, Clock.systemUTC());
    }

    @Test
    void aProviderWithoutAKeyNamesTheEnvironmentVariableToSet() {
        ModelRegistry registry = registry(new ProvidersProperties(NONE, NONE, NONE));

        assertThatThrownBy(() -> registry.resolve("openai:gpt-4o"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model 'openai:gpt-4o' needs an OpenAI API key: set OPENAI_API_KEY "
                        + "(or agentry.providers.openai.api-key)");
        assertThatThrownBy(() -> registry.resolve("anthropic:claude-sonnet-4-5"))
                .hasMessage("model 'anthropic:claude-sonnet-4-5' needs an Anthropic API key: set ANTHROPIC_API_KEY "
                        + "(or agentry.providers.anthropic.api-key)");
        assertThatThrownBy(() -> registry.resolve("openai-compatible:llama3.1"))
                .hasMessageContaining("set agentry.providers.openai-compatible.base-url");
        registry.destroy();
    }

    @Test
    void unknownProvidersAndEmptyModelNamesAreRejected() {
        ModelRegistry registry = registry(PropertyDefaults.defaults(ProvidersProperties.class));

        assertThatThrownBy(() -> registry.resolve("gemini:pro"))
                .hasMessage("unknown model 'gemini:pro': provider 'gemini' is not supported; use offline, "
                        + "openai:<model>, anthropic:<model> or openai-compatible:<model>");
        assertThatThrownBy(() -> registry.resolve("openai:"))
                .hasMessage("model id 'openai:' names no model; use openai:<model>");
        registry.destroy();
    }

    @Test
    void defaultsNeedOnlyAKey() {
        ProvidersProperties defaults = new ProvidersProperties(
                PropertyDefaults.bind(ProviderProperties.class, "agentry.providers.openai", Map.of("api-key", "sk-x")), null, null);

        assertThat(defaults.openai().baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(defaults.anthropic().baseUrl()).isEqualTo("https://api.anthropic.com/v1/");
        assertThat(defaults.openaiCompatible().baseUrl()).isNull();
        assertThat(defaults.openai().readTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(defaults.openai().maxAttempts()).isEqualTo(3);
        ModelRegistry registry = registry(defaults);
        assertThat(registry.resolve("openai:gpt-4o").modelId()).isEqualTo("openai:gpt-4o");
        registry.destroy();
    }

    @Test
    void theKeyIsNeverPartOfTheSettingsText() {
        ProviderProperties settings = PropertyDefaults.bind(ProviderProperties.class, "agentry.providers.openai",
                Map.of("api-key", "sk-live-very-secret", "base-url", "https://api.openai.com/v1"));

        assertThat(settings.toString()).doesNotContain("sk-live-very-secret").contains("apiKey=(set)");
        assertThat(new ProvidersProperties(settings, null, null).toString()).doesNotContain("sk-live-very-secret");
    }

    @Test
    void eachAgentGetsItsOwnClientAndTheSameAgentTheSameOne() {
        ModelRegistry registry = registry(new ProvidersProperties(
                PropertyDefaults.bind(ProviderProperties.class, "agentry.providers.openai", Map.of("api-key", "sk-x")), null, null));

        ModelClient a = registry.resolve("openai:gpt-4o", new CallSettings("a", true));
        assertThat(registry.resolve("openai:gpt-4o", new CallSettings("a", true))).isSameAs(a);
        assertThat(registry.resolve("openai:gpt-4o", new CallSettings("b", true))).isNotSameAs(a);
        registry.destroy();
    }

    @Test
    void agentsOnOneModelShareItsConcurrencyLimit() {
        try (ProviderServer server = new ProviderServer()) {
            ProviderProperties oneAtATime = new ProviderProperties(ModelsFixture.OPENAI_KEY, server.url("/v1"),
                    Duration.ofSeconds(2), Duration.ofSeconds(10), 1, Duration.ZERO, Duration.ZERO, 1);
            ModelRegistry registry = registry(new ProvidersProperties(oneAtATime, null, null));
            String answer = OpenAiWireTest.completion(OpenAiWireTest.text("ok"), "stop", 3, 0, 1);
            // the first answer is held back until the second run is waiting for the model
            server.enqueue(ProviderServer.slow(json(200, answer), 800), json(200, answer));
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            AgentLoop loop = new AgentLoop(registry, new ToolRegistry(List.of()), PriceBook.defaults(), timer);
            CompletableFuture<RunResult> a = CompletableFuture.supplyAsync(() -> run(loop, "a"));
            await().until(() -> server.received().size() == 1);
            CompletableFuture<RunResult> b = CompletableFuture.supplyAsync(() -> run(loop, "b"));

            assertThat(a.join().success()).isTrue();
            assertThat(b.join().success()).isTrue();
            timer.shutdownNow();
            List<ProviderServer.Received> received = server.received();
            assertThat(received).hasSize(2);
            assertThat(Duration.ofNanos(received.get(1).arrivedNanos() - received.get(0).arrivedNanos()))
                    .as("agent b's call waited for agent a's slot").isGreaterThanOrEqualTo(Duration.ofMillis(800));
            registry.destroy();
        }
    }

    private static RunResult run(AgentLoop loop, String agent) {
        AgentDefinition definition = new AgentDefinition(agent, "openai:gpt-4o-mini", "Be brief.", List.of(), 3,
                10_000, null, 100, null, Duration.ofSeconds(30), true);
        return loop.run(new RunInput(RunId.generate(), definition, "hi", List.of(), null, "alice", "s-" + agent, false),
                RunEventListener.NONE, new Cancellation());
    }
}
