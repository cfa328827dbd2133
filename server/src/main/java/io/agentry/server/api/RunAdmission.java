package io.agentry.server.api;

import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.health.AgentReadiness;
import io.agentry.server.runs.RunService;
import org.springframework.stereotype.Component;

/**
 * The checks every request that starts a run passes, sync or background: the agent is ready, the key
 * may act for the user, the agent exists. Returns the user the run is for.
 */
@Component
@ConditionalOnApiRole
class RunAdmission {

    private final RunService runs;
    private final AgentReadiness readiness;

    RunAdmission(RunService runs, AgentReadiness readiness) {
        this.runs = runs;
        this.readiness = readiness;
    }

    String admit(RunRequest request, Caller caller) {
        if (!readiness.isReady()) {
            throw ApiException.notReady("The agent is not ready yet; retry shortly");
        }
        String userId = caller.actingUser(request.userId());
        runs.agentFor(request.agent());
        return userId;
    }
}
