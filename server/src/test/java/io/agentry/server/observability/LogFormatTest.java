package io.agentry.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogFormatTest {

    @Test
    void autoIsHumanAtATerminalAndJsonElsewhere() {
        assertThat(LogFormat.resolve(null, true)).isEqualTo(LogFormat.HUMAN);
        assertThat(LogFormat.resolve(" ", false)).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.resolve("auto", true)).isEqualTo(LogFormat.HUMAN);
        assertThat(LogFormat.resolve("Auto", false)).isEqualTo(LogFormat.JSON);
    }

    @Test
    void anExplicitFormatHoldsAtATerminalOrNot() {
        assertThat(LogFormat.resolve("json", true)).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.resolve("HUMAN", false)).isEqualTo(LogFormat.HUMAN);
    }

    @Test
    void anyOtherValueNamesTheOnesThereAre() {
        assertThatThrownBy(() -> LogFormat.resolve("xml", false))
                .hasMessage("agentry.log.format (or AGENTRY_LOG_FORMAT) must be auto, json or human, not 'xml'");
    }
}
