package io.agentry.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** With no OTLP endpoint configured nothing is exported and nothing is recorded (ids still flow to logs). */
@AgentryServerTest
class TracingDefaultsTest {

    @Autowired
    ApplicationContext context;

    @Test
    void noEndpointMeansNoExporterAndNoSampling() {
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
        assertThat(context.getBean(Sampler.class).getDescription()).isEqualTo("AlwaysOffSampler");
    }
}
