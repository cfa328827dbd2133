package io.agentry.server.api;

import io.agentry.agent.Cancellation;
import io.agentry.run.RunEventListener;
import io.agentry.run.RunId;
import io.agentry.server.health.AgentReadiness;
import io.agentry.server.runs.RunCommand;
import io.agentry.server.runs.RunService;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /run}: run the agent and answer when it is done. */
@RestController
class RunController {

    private final RunService runs;
    private final AgentReadiness readiness;

    RunController(RunService runs, AgentReadiness readiness) {
        this.runs = runs;
        this.readiness = readiness;
    }

    @Operation(summary = "Run the agent synchronously")
    @PostMapping(path = "/run", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    RunResponse run(@Valid @RequestBody RunRequest request, Caller caller) {
        RunCommand command = command(request, caller, "sync");
        return RunResponse.of(runs.run(command, RunEventListener.NONE, new Cancellation()));
    }

    RunCommand command(RunRequest request, Caller caller, String mode) {
        if (!readiness.isReady()) {
            throw ApiException.notReady("The agent is not ready yet; retry shortly");
        }
        String userId = caller.actingUser(request.userId());
        runs.agentFor(request.agent());
        return new RunCommand(RunId.random(), userId, request.message(), request.agent(), request.sessionId(),
                request.maxTokens(), request.maxCostUsd(), mode);
    }
}
