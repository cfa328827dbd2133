package io.agentry.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunStatusTest {

    @Test
    void allowsOnlyTheDocumentedTransitions() {
        assertThat(RunStatus.QUEUED.canTransitionTo(RunStatus.RUNNING)).isTrue();
        assertThat(RunStatus.QUEUED.canTransitionTo(RunStatus.CANCELLED)).isTrue();
        assertThat(RunStatus.QUEUED.canTransitionTo(RunStatus.COMPLETED)).isFalse();
        assertThat(RunStatus.RUNNING.canTransitionTo(RunStatus.QUEUED)).isTrue();
        assertThat(RunStatus.RUNNING.canTransitionTo(RunStatus.COMPLETED)).isTrue();
        assertThat(RunStatus.RUNNING.canTransitionTo(RunStatus.FAILED)).isTrue();
        assertThat(RunStatus.RUNNING.canTransitionTo(RunStatus.CANCELLED)).isTrue();
        for (RunStatus terminal : new RunStatus[] {RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED}) {
            assertThat(terminal.isTerminal()).isTrue();
            for (RunStatus next : RunStatus.values()) {
                assertThat(terminal.canTransitionTo(next)).isFalse();
            }
        }
    }

    @Test
    void wireNamesRoundTrip() {
        for (RunStatus status : RunStatus.values()) {
            assertThat(RunStatus.fromWireName(status.wireName())).isEqualTo(status);
        }
        assertThat(RunStatus.COMPLETED.wireName()).isEqualTo("completed");
    }
}
