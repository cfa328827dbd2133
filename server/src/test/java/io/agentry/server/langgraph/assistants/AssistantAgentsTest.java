package io.agentry.server.langgraph.assistants;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.agent.AgentDefinition;
import io.agentry.approval.ApprovalPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.agentry.langgraph.AssistantRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** An assistant is its agent with overrides: what the overrides do not name, the agent's approval rule above all, stays. */
class AssistantAgentsTest {

    private final AssistantAgents assistants = new AssistantAgents(null, JsonMapper.builder().build(), null);

    @Test
    void anAssistantKeepsItsAgentsApprovalRuleAndLimitsUnderItsOverrides() {
        ApprovalPolicy approval = new ApprovalPolicy(List.of("refund"), Duration.ofMinutes(5), ApprovalPolicy.OnTimeout.FAIL);
        AgentDefinition base = new AgentDefinition("support", "offline", "Be kind.", List.of("refund", "calculator"), 6,
                10_000, null, 512, null, Duration.ofSeconds(90), false, null, List.of(), approval);
        AssistantRecord assistant = new AssistantRecord("a-1", "alice", "support", 1, "a", null,
                "{\"configurable\":{\"system_prompt\":\"Be brief.\",\"max_iterations\":3}}", "{}", "{}",
                Instant.EPOCH, Instant.EPOCH);

        AgentDefinition agent = assistants.apply(base, assistant, name -> Optional.empty());

        assertThat(agent.name()).isEqualTo("a-1");
        assertThat(agent.systemPrompt()).isEqualTo("Be brief.");
        assertThat(agent.maxIterations()).isEqualTo(3);
        assertThat(agent.approval()).isEqualTo(approval);
        assertThat(agent.tools()).isEqualTo(base.tools());
        assertThat(agent.timeLimit()).isEqualTo(base.timeLimit());
        assertThat(agent.maxTokensPerRun()).isEqualTo(base.maxTokensPerRun());
    }
}
