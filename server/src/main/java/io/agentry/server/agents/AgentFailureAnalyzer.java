package io.agentry.server.agents;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A {@link MisconfiguredAgentException}, as start-up reports it: the problem, the setting that fixes it. */
final class AgentFailureAnalyzer extends AbstractFailureAnalyzer<MisconfiguredAgentException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MisconfiguredAgentException cause) {
        return new FailureAnalysis(cause.problem(), cause.fix(), cause);
    }
}
