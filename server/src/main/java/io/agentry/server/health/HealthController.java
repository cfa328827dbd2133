package io.agentry.server.health;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Health without an API key: {@code /health} (the reference service's shape), {@code /health/live}
 * (the process answers) and {@code /health/ready} (it can serve: agent ready and every dependency up;
 * 503 otherwise, so a load balancer stops sending traffic).
 */
@RestController
class HealthController {

    record Health(String status, @JsonProperty("agent_ready") boolean agentReady) {
    }

    record Readiness(String status, Map<String, String> checks) {
    }

    private final AgentReadiness readiness;
    private final List<ReadinessCheck> checks;

    HealthController(AgentReadiness readiness, List<ReadinessCheck> checks) {
        this.readiness = readiness;
        this.checks = checks;
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
        results.put("agent", readiness.isReady() ? "UP" : "starting or stopping");
        for (ReadinessCheck check : checks) {
            String problem = check.check();
            results.put(check.name(), problem == null ? "UP" : problem);
        }
        boolean up = results.values().stream().allMatch("UP"::equals);
        return ResponseEntity.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Readiness(up ? "UP" : "DOWN", results));
    }
}
