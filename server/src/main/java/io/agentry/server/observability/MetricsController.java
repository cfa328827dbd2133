package io.agentry.server.observability;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Metrics", description = "Prometheus metrics (any valid API key)")
class MetricsController {

    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Operation(operationId = "getMetrics", summary = "Metrics in the Prometheus exposition format",
            description = "Prometheus text format, or OpenMetrics when the Accept header asks for application/openmetrics-text.")
    @ApiResponse(responseCode = "200", description = "Every meter", content = {
            @Content(mediaType = "text/plain", schema = @Schema(type = "string",
                    description = "Prometheus text exposition format 0.0.4", example = "agent_runs_total{outcome=\"completed\"} 12.0\n")),
            @Content(mediaType = "application/openmetrics-text", schema = @Schema(type = "string",
                    description = "OpenMetrics 1.0.0", example = "agent_runs_total{outcome=\"completed\"} 12.0\n# EOF\n"))})
    @GetMapping("/metrics")
    void scrape(@Parameter(hidden = true) @RequestHeader(name = "Accept", required = false) String accept,
                HttpServletResponse response)
            throws IOException {
        String contentType = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
        response.setContentType(contentType);
        try (OutputStream out = response.getOutputStream()) {
            registry.scrape(out, contentType);
        }
    }
}
