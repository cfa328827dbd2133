package io.agentry.server.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Health without an API key: {@code /health} (the reference service's shape), {@code /health/live}
 * (the process answers) and {@code /health/ready} (it can serve: agent ready and every essential dependency
 * up; 503 otherwise, so a load balancer stops sending traffic). A failing check that is not essential (an MCP
 * server) shows as {@code DEGRADED: <reason>} and makes the status {@code DEGRADED}, still with 200: the
 * process serves, without that dependency's tools.
 */
@RestController
@Tag(name = "Health", description = "Probes for load balancers and orchestrators; no API key needed")
class HealthController {

    @Schema(description = "The reference service's health answer")
    record Health(
            @Schema(description = "Always healthy when the process answers", example = "healthy")
            String status,
            @Schema(description = "Whether the agent can serve runs (false while starting or stopping)", example = "true")
            @JsonProperty("agent_ready") boolean agentReady) {
    }

    @Schema(description = "Whether the process answers")
    record Liveness(
            @Schema(description = "Always UP when the process answers", example = "UP")
            String status) {
    }

    @Schema(description = "Whether the server can serve, and each check it made")
    record Readiness(
            @Schema(description = "UP when every check is UP, else DOWN", allowableValues = {"UP", "DOWN"}, example = "UP")
            String status,
            @Schema(description = "Each check (agent, store, redis, ...) and its result: UP, or what is wrong",
                    example = "{\"agent\": \"UP\", \"store\": \"UP\"}")
            Map<String, String> checks) {
    }

    static final String DEGRADED = "DEGRADED";

    private final AgentReadiness readiness;
    private final List<ReadinessCheck> checks;

    HealthController(AgentReadiness readiness, List<ReadinessCheck> checks, ObjectProvider<ReadinessChecks> groups) {
        this.readiness = readiness;
        List<ReadinessCheck> all = new ArrayList<>(checks);
        groups.orderedStream().forEach(group -> all.addAll(group.checks()));
        this.checks = List.copyOf(all);
    }

    @Operation(operationId = "getHealth", summary = "Health, in the reference service's shape (no key needed)")
    @GetMapping(path = "/health", produces = MediaType.APPLICATION_JSON_VALUE)
    Health health() {
        return new Health("healthy", readiness.isReady());
    }

    @Operation(operationId = "getLiveness", summary = "Liveness probe: the process answers (no key needed)")
    @GetMapping(path = "/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
    Liveness live() {
        return new Liveness("UP");
    }

    @Operation(operationId = "getReadiness", summary = "Readiness probe: the server can serve (no key needed)")
    @ApiResponse(responseCode = "200", description = "Ready: every check is UP", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Readiness.class)))
    @ApiResponse(responseCode = "503", description = "Not ready: a check is not UP (a load balancer should send no traffic)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = Readiness.class)))
    @GetMapping(path = "/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Readiness> ready() {
        Map<String, String> results = new LinkedHashMap<>();
        boolean up = readiness.isReady();
        boolean degraded = false;
        results.put("agent", up ? "UP" : "starting or stopping");
        for (ReadinessCheck check : checks) {
            String problem = check.check();
            if (problem == null) {
                results.put(check.name(), "UP");
            } else if (check.essential()) {
                results.put(check.name(), problem);
                up = false;
            } else {
                results.put(check.name(), DEGRADED + ": " + problem);
                degraded = true;
            }
        }
        return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Readiness(!up ? "DOWN" : degraded ? DEGRADED : "UP", results));
    }
}
