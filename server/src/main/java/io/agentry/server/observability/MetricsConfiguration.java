package io.agentry.server.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Prometheus naming of the agent meters. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    /**
     * The run and model-call latency histograms keep the names operators know them by
     * ({@code agent_run_latency}, {@code agent_llm_call_latency}; seconds, as every Prometheus timer) rather
     * than gaining a {@code _seconds} suffix; every other name is Prometheus' usual.
     */
    @Bean
    MeterRegistryCustomizer<PrometheusMeterRegistry> agentLatencyNames() {
        return registry -> registry.config().namingConvention(new PrometheusNamingConvention() {
            @Override
            public String name(String name, Meter.Type type, String baseUnit) {
                // a timer's name always gains _seconds; named as a plain meter it gains nothing
                return AgentMetrics.UNSUFFIXED.contains(name) ? super.name(name, Meter.Type.OTHER, null)
                        : super.name(name, type, baseUnit);
            }
        });
    }
}
