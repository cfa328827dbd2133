package io.agentry.server.observability;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format (or OpenMetrics when the scraper asks for
 * it), on the main port in every role. Like every route but the health probes it needs an API key (any
 * valid one); Prometheus sends it with {@code http_headers} (README "Metrics").
 */
@RestController
class MetricsController {

    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "Metrics in the Prometheus exposition format")
    @GetMapping("/metrics")
    void scrape(@RequestHeader(name = "Accept", required = false) String accept, HttpServletResponse response)
            throws IOException {
        String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
        response.setContentType(contentType);
        try (OutputStream out = response.getOutputStream()) {
            registry.scrape(out, contentType);
        }
    }
}
