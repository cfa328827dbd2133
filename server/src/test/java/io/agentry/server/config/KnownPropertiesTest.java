package io.agentry.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.agents.AgentsProperties;
import io.agentry.server.guardrails.BudgetProperties;
import io.agentry.server.guardrails.LimitsProperties;
import io.agentry.server.mcp.McpProperties;
import io.agentry.server.tasks.WorkerProperties;
import io.agentry.server.web.ApiKeyProperties;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

class KnownPropertiesTest {

    private final KnownProperties known = KnownProperties.of(List.of(AgentsProperties.class, PricesProperties.class,
            WorkerProperties.class, ApiKeyProperties.class, LimitsProperties.class, BudgetProperties.class),
            Set.of("agentry.role"));

    private boolean knows(String name) {
        return known.knows(ConfigurationPropertyName.adapt(name, '.'));
    }

    private String nearest(String name) {
        return known.nearest(ConfigurationPropertyName.adapt(name, '.')).orElseThrow();
    }

    @Test
    void recordComponentsNestedRecordsMapKeysAndListIndexesAreKnownInEveryRelaxedSpelling() {
        assertThat(knows("agentry.agents.default.model")).isTrue();
        assertThat(knows("agentry.agents.support.system-prompt")).isTrue();
        assertThat(knows("agentry.agents.support.systemPrompt")).isTrue();
        assertThat(knows("agentry.agents.support.system_prompt")).isTrue();
        assertThat(knows("agentry.agents.gated.tools")).isTrue();
        assertThat(knows("agentry.agents.gated.tools[0]")).isTrue();
        assertThat(knows("agentry.default-agent")).isTrue();
        assertThat(knows("agentry.prices[llama3.1].input")).isTrue();
        assertThat(knows("agentry.prices.gpt-4o.cache-read")).isTrue();
        assertThat(knows("agentry.limits.agents.bulk.tokens-per-minute")).isTrue();
        assertThat(knows("agentry.budgets.users[budget-user].daily-usd")).isTrue();
        assertThat(knows("agentry.security.keys[2].admin")).isTrue();
        assertThat(knows("agentry.worker.concurrency")).isTrue();
        assertThat(knows("agentry.role")).isTrue();
    }

    @Test
    void mcpServersAndTheirHeadersEnvironmentAndArgumentsAreKnown() {
        KnownProperties mcp = KnownProperties.of(List.of(McpProperties.class, AgentsProperties.class), Set.of());
        for (String name : List.of("agentry.mcp.servers.everything.command", "agentry.mcp.servers.everything.args[0]",
                "agentry.mcp.servers.everything.env.API_TOKEN", "agentry.mcp.servers.wiki.headers.Authorization",
                "agentry.mcp.servers.wiki.call-timeout", "agentry.mcp.reconnect-max-delay",
                "agentry.agents.helper.exclude-tools[0]")) {
            assertThat(mcp.knows(ConfigurationPropertyName.adapt(name, '.'))).as(name).isTrue();
        }
        ConfigurationPropertyName typo = ConfigurationPropertyName.adapt("agentry.mcp.servers.wiki.header.Authorization", '.');
        assertThat(mcp.knows(typo)).isFalse();
        assertThat(mcp.nearest(typo)).contains("agentry.mcp.servers.wiki.headers.Authorization");
    }

    @Test
    void typosAndMisplacedNamesAreUnknown() {
        assertThat(knows("agentry.agents.default.modle")).isFalse();
        assertThat(knows("agentry.agents.model")).isFalse();
        assertThat(knows("agentry.wroker.concurrency")).isFalse();
        assertThat(knows("agentry.limits.agents.bulk.request")).isFalse();
        assertThat(knows("agentry.prices[gpt-4o]")).isFalse();
        assertThat(knows("agentry.worker")).isFalse();
    }

    @Test
    void theNearestKnownNameKeepsTheGivenMapKeysAndIndexes() {
        assertThat(nearest("agentry.agents.default.modle")).isEqualTo("agentry.agents.default.model");
        assertThat(nearest("agentry.wroker.concurrency")).isEqualTo("agentry.worker.concurrency");
        assertThat(nearest("agentry.prices[gpt-4.1].inptu")).isEqualTo("agentry.prices[gpt-4.1].input");
        assertThat(nearest("agentry.security.keys[0].user")).isEqualTo("agentry.security.keys[0].user-id");
        assertThat(nearest("agentry.limits.agents.bulk.request")).isEqualTo("agentry.limits.agents.bulk.requests");
        assertThat(nearest("agentry.rol")).isEqualTo("agentry.role");
    }

    @Test
    void environmentVariablesMatchWithUnderscoresForDotsAndDashes() {
        assertThat(known.knowsVariable("AGENTRY_AGENTS_DEFAULT_MODEL")).isTrue();
        assertThat(known.knowsVariable("AGENTRY_AGENTS_DEFAULT_SYSTEM_PROMPT")).isTrue();
        assertThat(known.knowsVariable("AGENTRY_AGENTS_DEFAULT_SYSTEMPROMPT")).isTrue();
        assertThat(known.knowsVariable("AGENTRY_SECURITY_KEYS_0_USER_ID")).isTrue();
        assertThat(known.knowsVariable("AGENTRY_ROLE")).isTrue();
        assertThat(known.knowsVariable("AGENTRY_AGENTS_DEFAULT_MODLE")).isFalse();
        assertThat(known.knowsVariable("AGENTRY_TEST_REDIS_URL")).isFalse();
    }

    @Test
    void editDistanceCountsSingleCharacterEdits() {
        assertThat(EditDistance.between("modle", "model")).isEqualTo(2);
        assertThat(EditDistance.between("", "abc")).isEqualTo(3);
        assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
        assertThat(EditDistance.between("same", "same")).isZero();
    }
}
