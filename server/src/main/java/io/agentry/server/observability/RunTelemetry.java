package io.agentry.server.observability;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.agentry.agent.AgentDefinition;
import io.agentry.agent.ModelCall;
import io.agentry.agent.RunInput;
import io.agentry.agent.RunObserver;
import io.agentry.agent.RunResult;
import io.agentry.cost.Usage;
import io.agentry.model.ModelException;
import io.agentry.model.ModelId;
import io.agentry.run.RunMode;
import io.agentry.run.RunStatus;
import io.agentry.tool.Tool;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Traces and meters runs: a span per run ({@code invoke_agent <agent>}), per model call ({@code chat <model>})
 * and per tool call ({@code execute_tool <tool>}), with the OpenTelemetry GenAI semantic-convention attribute
 * names, and the run, model and tool meters of {@link AgentMetrics}. The run's span is current on the run's
 * thread while it runs, so the model and tool spans are its children and every log line of the run carries
 * its {@code trace_id}.
 *
 * <p>{@code gen_ai.usage.input_tokens} is every prompt token, cached ones included (as the convention asks);
 * {@code gen_ai.usage.cache_read.input_tokens} and {@code gen_ai.usage.cache_creation.input_tokens} say how
 * many of them were cache reads and writes. Span attributes carry ids but never messages or tool arguments.
 */
@Component
public class RunTelemetry implements RunObserver {

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> CONVERSATION = AttributeKey.stringKey("gen_ai.conversation.id");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<Long> CACHE_READ_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
    static final AttributeKey<Long> CACHE_WRITE_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");
    static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("agentry.run.id");
    static final AttributeKey<String> RUN_MODE = AttributeKey.stringKey("agentry.run.mode");
    static final AttributeKey<String> RUN_STATUS = AttributeKey.stringKey("agentry.run.status");
    static final AttributeKey<Long> RUN_ITERATIONS = AttributeKey.longKey("agentry.run.iterations");
    static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("agentry.task.id");
    static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("agentry.cost_usd");

    private final Tracer tracer;
    private final AgentMetrics metrics;

    public RunTelemetry(OpenTelemetry openTelemetry, AgentMetrics metrics) {
        this.tracer = openTelemetry.getTracer("io.agentry");
        this.metrics = metrics;
    }

    /**
     * Starts a run's span and makes it current on the calling thread until {@link RunSpan#close()}.
     *
     * @param taskId the task the run is an attempt of, or null
     */
    public RunSpan startRun(String runId, AgentDefinition agent, String sessionId, RunMode mode, String taskId) {
        ModelId model = ModelId.parse(agent.model());
        SpanBuilder builder = tracer.spanBuilder("invoke_agent " + agent.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OPERATION, "invoke_agent")
                .setAttribute(AGENT_NAME, agent.name())
                .setAttribute(PROVIDER, model.provider())
                .setAttribute(REQUEST_MODEL, model.name())
                .setAttribute(CONVERSATION, sessionId)
                .setAttribute(RUN_ID, runId)
                .setAttribute(RUN_MODE, mode.wireName());
        if (taskId != null) {
            builder.setAttribute(TASK_ID, taskId);
        }
        Span span = builder.startSpan();
        return new RunSpan(span, span.makeCurrent(), agent.name(), agent.model(), mode);
    }

    /** One run's span, current on its thread until closed. */
    public final class RunSpan implements AutoCloseable {

        private final Span span;
        private final io.opentelemetry.context.Scope scope;
        private final String agent;
        private final String model;
        private final RunMode mode;
        private boolean finished;

        private RunSpan(Span span, io.opentelemetry.context.Scope scope, String agent, String model, RunMode mode) {
            this.span = span;
            this.scope = scope;
            this.agent = agent;
            this.model = model;
            this.mode = mode;
        }

        /** The run's trace id (32 hex digits; all zeros when tracing is disabled). */
        public String traceId() {
            return span.getSpanContext().getTraceId();
        }

        /** The run ended with a result: counts it and records it on the span. */
        public void finished(RunResult result, long latencyMs) {
            finished = true;
            metrics.runFinished(agent, mode, result.status(), result.iterations(), latencyMs);
            if (result.replayed().any()) {
                metrics.resumed(model, result.replayed());
            }
            if (!span.isRecording()) {
                return;
            }
            span.setAttribute(RUN_STATUS, result.status().wireName());
            span.setAttribute(RUN_ITERATIONS, result.iterations());
            setUsage(span, result.usage());
            if (result.model() != null) {
                span.setAttribute(RESPONSE_MODEL, result.model());
            }
            if (result.costUsd() != null) {
                span.setAttribute(COST_USD, result.costUsd().doubleValue());
            }
            if (result.status() == RunStatus.FAILED) {
                span.setAttribute(ERROR_TYPE, result.retriable() ? "retriable" : "failed");
                span.setStatus(StatusCode.ERROR, result.error());
            }
        }

        /** Ends the span; a run that never finished (it was refused, or threw) ends in error. */
        @Override
        public void close() {
            scope.close();
            if (!finished) {
                span.setAttribute(ERROR_TYPE, "not_run");
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        }
    }

    @Override
    public ModelObservation modelCall(RunInput run, String model, int iteration, ChatRequest request) {
        ModelId id = ModelId.parse(model);
        SpanBuilder builder = tracer.spanBuilder("chat " + id.name())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat")
                .setAttribute(PROVIDER, id.provider())
                .setAttribute(REQUEST_MODEL, id.name());
        if (request.maxOutputTokens() != null) {
            builder.setAttribute(REQUEST_MAX_TOKENS, (long) request.maxOutputTokens());
        }
        if (request.temperature() != null) {
            builder.setAttribute(REQUEST_TEMPERATURE, request.temperature());
        }
        Span span = builder.startSpan();
        long started = System.nanoTime();
        return new ModelObservation() {
            @Override
            public Scope makeCurrent() {
                return span.makeCurrent()::close;
            }

            @Override
            public void replied(ModelCall call) {
                metrics.modelReplied(model, call, System.nanoTime() - started);
                if (span.isRecording()) {
                    if (call.model() != null) {
                        span.setAttribute(RESPONSE_MODEL, call.model());
                    }
                    if (call.finishReason() != null) {
                        span.setAttribute(FINISH_REASONS, List.of(call.finishReason()));
                    }
                    setUsage(span, call.usage());
                    if (call.costUsd() != null) {
                        span.setAttribute(COST_USD, call.costUsd().doubleValue());
                    }
                }
                span.end();
            }

            @Override
            public void failed(Throwable error) {
                boolean interrupted = error instanceof InterruptedException;
                metrics.modelFailed(model, System.nanoTime() - started, interrupted);
                if (interrupted) {
                    span.setAttribute(ERROR_TYPE, INTERRUPTED);
                } else if (error instanceof ModelException e) {
                    // our model errors name provider and status only, so the message is safe to keep
                    span.setAttribute(ERROR_TYPE, e.status() > 0 ? Integer.toString(e.status()) : e.getClass().getSimpleName());
                    span.setStatus(StatusCode.ERROR, e.getMessage());
                } else {
                    span.setAttribute(ERROR_TYPE, error.getClass().getSimpleName());
                    span.setStatus(StatusCode.ERROR);
                }
                span.end();
            }
        };
    }

    @Override
    public ToolObservation toolCall(RunInput run, ToolExecutionRequest request, Tool tool) {
        Span span = tracer.spanBuilder("execute_tool " + request.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(OPERATION, "execute_tool")
                .setAttribute(TOOL_NAME, request.name())
                .setAttribute(TOOL_CALL_ID, request.id() == null ? "" : request.id())
                .setAttribute(TOOL_TYPE, "function")
                .startSpan();
        String label = tool == null ? null : tool.name();
        return new ToolObservation() {
            @Override
            public Scope makeCurrent() {
                return span.makeCurrent()::close;
            }

            @Override
            public void finished(String errorType) {
                metrics.toolFinished(label, errorType);
                if (errorType != null) {
                    span.setAttribute(ERROR_TYPE, errorType);
                    span.setStatus(StatusCode.ERROR);
                }
                span.end();
            }
        };
    }

    private static void setUsage(Span span, Usage usage) {
        span.setAttribute(INPUT_TOKENS, usage.promptTokens());
        span.setAttribute(OUTPUT_TOKENS, usage.outputTokens());
        span.setAttribute(CACHE_READ_TOKENS, usage.cacheReadTokens());
        span.setAttribute(CACHE_WRITE_TOKENS, usage.cacheWriteTokens());
    }

}
