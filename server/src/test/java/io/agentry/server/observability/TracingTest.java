package io.agentry.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.web.Caller;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Traces with an exporter configured: an OTLP collector (MockWebServer) and an in-memory exporter beside it.
 * A span per run, model call and tool call with GenAI attributes; the caller's trace is continued, by sync
 * runs and by the tasks it enqueues; the trace id is on every log line of the run.
 */
@AgentryServerTest
@Import(TracingTest.Exporter.class)
@TestPropertySource(properties = "management.opentelemetry.tracing.export.schedule-delay=50ms")
@ExtendWith(OutputCaptureExtension.class)
class TracingTest {

    private static final MockWebServer COLLECTOR = new MockWebServer();
    private static final BlockingQueue<RecordedRequest> EXPORTS = new LinkedBlockingQueue<>();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    static {
        // an OTLP collector accepting everything: an empty protobuf body is an empty ExportTraceServiceResponse
        COLLECTOR.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                EXPORTS.add(request);
                return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/x-protobuf").build();
            }
        });
        try {
            COLLECTOR.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Exporter {
        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }

    @DynamicPropertySource
    static void collector(DynamicPropertyRegistry registry) {
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint", () -> COLLECTOR.url("/v1/traces").toString());
    }

    @AfterAll
    static void stopCollector() {
        COLLECTOR.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    InMemorySpanExporter spans;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    /** A caller's W3C trace context: a new trace id and the caller's span id. */
    private record Caller(String traceId, String spanId) {
        static Caller random() {
            return new Caller(UUID.randomUUID().toString().replace("-", ""),
                    UUID.randomUUID().toString().replace("-", "").substring(0, 16));
        }

        String traceparent() {
            return "00-" + traceId + "-" + spanId + "-01";
        }
    }

    @Test
    void aRunIsASpanWithAModelCallSpanPerIterationAndAToolSpanPerToolCall() {
        Caller caller = Caller.random();
        JsonNode run = api.postJson("/run", "service-key", Map.of("message", "what is 2+3?", "user_id", "traced"),
                "traceparent", caller.traceparent()).json();
        String runId = run.get("run_id").asString();

        SpanData runSpan = awaitSpan(s -> runId.equals(s.getAttributes().get(RunTelemetry.RUN_ID)));
        List<SpanData> children = await().atMost(PATIENCE).until(() -> childrenOf(runSpan), c -> c.size() >= 3);

        // the run continues the caller's trace, under the server span of its request
        assertThat(runSpan.getTraceId()).isEqualTo(caller.traceId());
        SpanData server = awaitSpan(s -> s.getSpanId().equals(runSpan.getParentSpanId()));
        assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.getParentSpanId()).isEqualTo(caller.spanId());

        assertThat(runSpan.getName()).isEqualTo("invoke_agent default");
        assertThat(attr(runSpan, "gen_ai.operation.name")).isEqualTo("invoke_agent");
        assertThat(attr(runSpan, "gen_ai.agent.name")).isEqualTo("default");
        assertThat(attr(runSpan, "gen_ai.conversation.id")).isEqualTo(run.get("session_id").asString());
        assertThat(attr(runSpan, "agentry.run.mode")).isEqualTo("sync");
        assertThat(attr(runSpan, "agentry.run.status")).isEqualTo("completed");
        assertThat(runSpan.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
                .isEqualTo(run.get("usage").get("input_tokens").asLong());
        assertThat(runSpan.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
                .isEqualTo(run.get("usage").get("output_tokens").asLong());
        assertThat(runSpan.getAttributes().asMap().keySet()).extracting(AttributeKey::getKey)
                .doesNotContain("user_id", "enduser.id");

        List<SpanData> calls = children.stream().filter(s -> s.getName().equals("chat offline")).toList();
        assertThat(calls).hasSize(2).allSatisfy(call -> {
            assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(attr(call, "gen_ai.operation.name")).isEqualTo("chat");
            assertThat(attr(call, "gen_ai.provider.name")).isEqualTo("offline");
            assertThat(attr(call, "gen_ai.request.model")).isEqualTo("offline");
            assertThat(attr(call, "gen_ai.response.model")).isEqualTo("offline");
            assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isPositive();
        });
        assertThat(calls).extracting(c -> c.getAttributes().get(RunTelemetry.FINISH_REASONS))
                .containsExactlyInAnyOrder(List.of("tool_execution"), List.of("stop"));
        assertThat(calls.stream().mapToLong(c -> c.getAttributes().get(RunTelemetry.INPUT_TOKENS)).sum())
                .isEqualTo(run.get("usage").get("input_tokens").asLong());
        assertThat(calls.stream().mapToLong(c -> c.getAttributes().get(RunTelemetry.OUTPUT_TOKENS)).sum())
                .isEqualTo(run.get("usage").get("output_tokens").asLong());

        SpanData tool = children.stream().filter(s -> s.getName().equals("execute_tool calculator")).findFirst().orElseThrow();
        assertThat(attr(tool, "gen_ai.operation.name")).isEqualTo("execute_tool");
        assertThat(attr(tool, "gen_ai.tool.name")).isEqualTo("calculator");
        assertThat(attr(tool, "gen_ai.tool.call.id")).isNotBlank();
        assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void aFailingToolCallIsAnErrorSpanWithItsErrorType() {
        String runId = api.postJson("/run", "service-key", Map.of("message", "what is 1/0?", "user_id", "traced")).json()
                .get("run_id").asString();
        SpanData runSpan = awaitSpan(s -> runId.equals(s.getAttributes().get(RunTelemetry.RUN_ID)));
        SpanData tool = await().atMost(PATIENCE).until(() -> childrenOf(runSpan).stream()
                .filter(s -> s.getName().equals("execute_tool calculator")).findFirst(), java.util.Optional::isPresent).get();

        assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(attr(tool, "error.type")).isEqualTo("tool_error");
    }

    @Test
    void aTaskContinuesTheTraceOfTheRequestThatEnqueuedItAndItsLogLinesCarryIt(CapturedOutput output) {
        Caller caller = Caller.random();
        ApiClient.Response accepted = api.postJson("/tasks", "alice-key", Map.of("message", "what is 6*7?"),
                "traceparent", caller.traceparent());
        assertThat(accepted.status()).isEqualTo(202);
        String taskId = accepted.json().get("task_id").asString();
        await().atMost(PATIENCE).until(() ->
                api.get("/tasks/" + taskId, "alice-key").json().get("status").asString().equals("completed"));

        SpanData runSpan = awaitSpan(s -> taskId.equals(s.getAttributes().get(RunTelemetry.TASK_ID)));
        assertThat(runSpan.getTraceId()).isEqualTo(caller.traceId());
        assertThat(attr(runSpan, "agentry.run.mode")).isEqualTo("task");
        SpanData enqueue = awaitSpan(s -> s.getSpanId().equals(runSpan.getParentSpanId()));
        assertThat(enqueue.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(enqueue.getParentSpanId()).isEqualTo(caller.spanId());
        assertThat(childrenOf(runSpan)).extracting(SpanData::getName).contains("chat offline", "execute_tool calculator");

        List<JsonNode> taskLines = output.getOut().lines().filter(l -> l.startsWith("{")).map(ApiClient.JSON::readTree)
                .filter(l -> taskId.equals(l.path("task_id").asString(null))).toList();
        assertThat(taskLines).extracting(l -> l.path("message").asString(""))
                .anyMatch(m -> m.startsWith("run finished")).anyMatch(m -> m.startsWith("Task completed"));
        assertThat(taskLines).allSatisfy(l -> assertThat(l.path("trace_id").asString(null)).isEqualTo(caller.traceId()));
    }

    @Test
    void spansAreExportedOverOtlpToTheConfiguredEndpoint() throws InterruptedException {
        String runId = api.postJson("/run", "service-key", Map.of("message", "hello", "user_id", "traced")).json()
                .get("run_id").asString();
        awaitSpan(s -> runId.equals(s.getAttributes().get(RunTelemetry.RUN_ID)));

        ByteString wanted = ByteString.encodeUtf8(runId);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        RecordedRequest export;
        do {
            export = EXPORTS.poll(1, TimeUnit.SECONDS);
        } while ((export == null || export.getBody() == null || export.getBody().indexOf(wanted) < 0)
                && System.nanoTime() < deadline);

        assertThat(export).as("an OTLP export holding the run's span").isNotNull();
        assertThat(export.getMethod()).isEqualTo("POST");
        assertThat(export.getUrl().encodedPath()).isEqualTo("/v1/traces");
        assertThat(export.getHeaders().get("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(export.getBody().indexOf(ByteString.encodeUtf8("invoke_agent default"))).isNotNegative();
    }

    private SpanData awaitSpan(java.util.function.Predicate<SpanData> which) {
        return await().atMost(PATIENCE).until(() -> spans.getFinishedSpanItems().stream().filter(which).findFirst(),
                java.util.Optional::isPresent).get();
    }

    private List<SpanData> childrenOf(SpanData parent) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(parent.getTraceId()) && s.getParentSpanId().equals(parent.getSpanId()))
                .toList();
    }

    private static String attr(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
