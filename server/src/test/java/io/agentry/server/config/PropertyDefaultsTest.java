package io.agentry.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.server.runs.StreamingProperties;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyDefaultsTest {

    @Test
    void unsetValuesTakeTheirDefaultAndSetOnesAreKept() {
        assertThat(PropertyDefaults.positive(null, Duration.ofSeconds(15), "p")).isEqualTo(Duration.ofSeconds(15));
        assertThat(PropertyDefaults.positive(Duration.ofMillis(1), Duration.ofSeconds(15), "p")).isEqualTo(Duration.ofMillis(1));
        assertThat(PropertyDefaults.atLeastOne(null, 2048, "p")).isEqualTo(2048);
        assertThat(PropertyDefaults.atLeastOne(1, 2048, "p")).isEqualTo(1);
    }

    @Test
    void senselessValuesFailNamingTheProperty() {
        assertThatThrownBy(() -> PropertyDefaults.bind(StreamingProperties.class, "agentry.streaming", Map.of("retention", "0s")))
                .rootCause().hasMessage("agentry.streaming.retention must be positive");
        assertThatThrownBy(() -> PropertyDefaults.bind(StreamingProperties.class, "agentry.streaming", Map.of("client-buffer", "0")))
                .rootCause().hasMessage("agentry.streaming.client-buffer must be at least 1");
    }
}
