package io.agentry.server.api;

import io.agentry.agent.Cancellation;
import io.agentry.run.RunEventListener;
import io.agentry.server.config.ConditionalOnApiRole;
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
@ConditionalOnApiRole
class RunController {

    private final RunService runs;
    private final RunCommands commands;

    RunController(RunService runs, RunCommands commands) {
        this.runs = runs;
        this.commands = commands;
    }

    @Operation(summary = "Run the agent synchronously")
    @PostMapping(path = "/run", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    RunResponse run(@Valid @RequestBody RunRequest request, Caller caller) {
        if (request.webhookUrl() != null) {
            throw ApiException.invalid("webhook_url", "is only accepted by POST /tasks");
        }
        RunCommand command = command(request, caller, "sync");
        return RunResponse.of(runs.run(command, RunEventListener.NONE, new Cancellation()));
    }

    /** The command for a request, after every admission check (see {@link RunCommands#admit}). */
    RunCommand command(RunRequest request, Caller caller, String mode) {
        return commands.admit(request, caller, mode);
    }
}
