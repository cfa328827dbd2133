package io.agentry.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentDefinitionTest {

    @Test
    void aToolListedTwiceIsAConfigurationErrorNotACrashAtTheFirstToolCall() {
        assertThatThrownBy(() -> AgentDefinition.of("support", "offline", "sys", List.of("calculator", "calculator")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lists a tool more than once");
    }
}
