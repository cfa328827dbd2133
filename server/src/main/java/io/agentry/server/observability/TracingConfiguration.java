package io.agentry.server.observability;

import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tracing on Spring Boot's OpenTelemetry support. Spans are exported only where an exporter is configured
 * ({@code management.opentelemetry.tracing.export.otlp.endpoint}, see README "Traces"); without one, nothing
 * is sampled, so spans cost next to nothing, yet every trace still has its id for the logs and for the
 * tasks it enqueues.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    /** Log lines in a trace carry {@code trace_id} and {@code span_id} (the names of our JSON log fields). */
    @Bean
    Slf4JEventListener otelSlf4JEventListener() {
        return new Slf4JEventListener("trace_id", "span_id");
    }

    /**
     * With an exporter: Boot's parent-based ratio sampler ({@code management.tracing.sampling.probability},
     * 1.0 in application.yml). Without one: record nothing (ids are still made and propagated).
     */
    @Bean
    Sampler otelSampler(ObjectProvider<SpanExporter> exporters,
                        @Value("${management.tracing.sampling.probability}") double probability) {
        if (exporters.orderedStream().findAny().isEmpty()) {
            return Sampler.alwaysOff();
        }
        return Sampler.parentBased(Sampler.traceIdRatioBased(probability));
    }
}
