package io.agentry.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(RunStatus.RUNNING.canTransitionTo(RunStatus.INTERRUPTED)).isTrue();
        assertThat(RunStatus.QUEUED.canTransitionTo(RunStatus.INTERRUPTED)).isFalse();
        assertThat(RunStatus.INTERRUPTED.canTransitionTo(RunStatus.QUEUED)).isTrue();
        assertThat(RunStatus.INTERRUPTED.canTransitionTo(RunStatus.CANCELLED)).isTrue();
        assertThat(RunStatus.INTERRUPTED.canTransitionTo(RunStatus.FAILED)).isTrue();
        assertThat(RunStatus.INTERRUPTED.canTransitionTo(RunStatus.RUNNING)).as("only a resume, through the queue").isFalse();
        assertThat(RunStatus.INTERRUPTED.canTransitionTo(RunStatus.COMPLETED)).isFalse();
        assertThat(RunStatus.INTERRUPTED.isTerminal()).isFalse();
        for (RunStatus terminal : new RunStatus[] {RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED}) {
            assertThat(terminal.isTerminal()).isTrue();
            for (RunStatus next : RunStatus.values()) {
                assertThat(terminal.canTransitionTo(next)).isFalse();
            }
        }
    }

    @Test
    void theSourcesOfAStatusAreTheTableReadBackwards() {
        for (RunStatus target : RunStatus.values()) {
            for (RunStatus source : RunStatus.values()) {
                assertThat(RunStatus.sourcesOf(target).contains(source)).as("%s -> %s", source, target)
                        .isEqualTo(source.canTransitionTo(target));
            }
        }
        assertThat(RunStatus.sourcesOf(RunStatus.CANCELLED))
                .containsExactlyInAnyOrder(RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.INTERRUPTED);
        assertThat(RunStatus.sourcesOf(RunStatus.INTERRUPTED)).containsExactly(RunStatus.RUNNING);
        assertThat(RunStatus.sourcesOf(RunStatus.RUNNING)).containsExactly(RunStatus.QUEUED);
        assertThat(RunStatus.sourcesOf(RunStatus.COMPLETED)).containsExactly(RunStatus.RUNNING);
    }

    @Test
    void anIllegalTransitionIsRefused() {
        assertThat(RunStatus.RUNNING.checkTransitionTo(RunStatus.COMPLETED)).isEqualTo(RunStatus.COMPLETED);
        assertThatThrownBy(() -> RunStatus.CANCELLED.checkTransitionTo(RunStatus.COMPLETED))
                .isInstanceOf(IllegalStateException.class).hasMessage("illegal status transition: cancelled -> completed");
        assertThatThrownBy(() -> RunStatus.QUEUED.checkTransitionTo(RunStatus.QUEUED)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void wireNamesRoundTrip() {
        for (RunStatus status : RunStatus.values()) {
            assertThat(RunStatus.fromWireName(status.wireName())).isEqualTo(status);
        }
        assertThat(RunStatus.COMPLETED.wireName()).isEqualTo("completed");
    }
}
