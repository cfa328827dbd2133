package io.agentry.server.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
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
class HealthController {

    record Health(String status, @JsonProperty("agent_ready") boolean agentReady) {
    }

    record Readiness(String status, Map<String, String> checks) {
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

    @GetMapping("/health")
    Health health() {
        return new Health("healthy", readiness.isReady());
    }

    @GetMapping("/health/live")
    Map<String, String> live() {
        return Map.of("status", "UP");
    }

    @GetMapping("/health/ready")
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
