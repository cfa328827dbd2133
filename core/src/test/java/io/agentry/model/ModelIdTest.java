package io.agentry.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelIdTest {

    @Test
    void theProviderEndsAtTheFirstColon() {
        assertThat(ModelId.parse("openai:gpt-4o")).isEqualTo(new ModelId("openai", "gpt-4o"));
        assertThat(ModelId.parse("openai-compatible:llama3.1:8b")).isEqualTo(new ModelId("openai-compatible", "llama3.1:8b"));
        assertThat(ModelId.parse("anthropic:")).isEqualTo(new ModelId("anthropic", ""));
    }

    @Test
    void anIdWithoutAColonIsItsOwnProviderAndName() {
        assertThat(ModelId.parse("offline")).isEqualTo(new ModelId("offline", "offline"));
    }
}
