package io.agentry.server.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.cost.ModelPrice;
import io.agentry.cost.PriceBook;
import io.agentry.server.AgentryApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The server checks every enabled agent's provider at start, not at its first request. */
class ProviderStartupTest {

    /** Command-line arguments outrank application.yml, so no key from this machine's environment leaks in. */
    private static ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:startup-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "--agentry.providers.openai.api-key=",
                "--agentry.providers.anthropic.api-key=",
                "--agentry.default-agent=helper",
                "--agentry.agents.helper.model=offline"));
        for (String setting : settings) {
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(AgentryApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void anAgentOnAProviderWithoutAKeyStopsTheServerNamingAgentProviderAndVariable() {
        assertThatThrownBy(() -> start("agentry.agents.support.model=anthropic:claude-sonnet-4-5"))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(message -> assertThat(message).isEqualTo(
                        "Agent 'support' cannot use its model: model 'anthropic:claude-sonnet-4-5' needs an Anthropic "
                                + "API key. Set ANTHROPIC_API_KEY (or agentry.providers.anthropic.api-key), or turn the agent "
                                + "off with agentry.agents.support.enabled=false.")));
    }

    @Test
    void aDisabledAgentIsNotChecked() {
        try (ConfigurableApplicationContext context = start(
                "agentry.agents.support.model=openai:gpt-4o",
                "agentry.agents.support.enabled=false")) {
            AgentCatalog catalog = context.getBean(AgentCatalog.class);
            assertThat(catalog.names()).containsExactly("helper");
        }
    }

    @Test
    void anAgentWithItsKeyConfiguredStarts() {
        try (ConfigurableApplicationContext context = start(
                "agentry.agents.support.model=openai:gpt-4o",
                "agentry.providers.openai.api-key=sk-configured")) {
            assertThat(context.getBean(AgentCatalog.class).names()).containsExactlyInAnyOrder("helper", "support");
        }
    }

    @Test
    void aLocalModelIsPricedByItsTaggedName() {
        try (ConfigurableApplicationContext context = start(
                "agentry.agents.local.model=openai-compatible:llama3.1:8b",
                "agentry.providers.openai-compatible.base-url=http://127.0.0.1:9/v1",
                "agentry.prices[llama3.1:8b].input=0.1",
                "agentry.prices[llama3.1:8b].output=0.2")) {
            ModelPrice price = context.getBean(PriceBook.class).priceFor("openai-compatible:llama3.1:8b").orElseThrow();
            assertThat(price.input()).isEqualByComparingTo("0.1");
            assertThat(price.output()).isEqualByComparingTo("0.2");
        }
    }

    private static List<String> messages(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return messages;
    }
}
