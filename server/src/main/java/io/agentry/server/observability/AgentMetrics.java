package io.agentry.server.observability;

import io.agentry.agent.AgentDefinition;
import io.agentry.agent.ModelCall;
import io.agentry.agent.RunResult;
import io.agentry.cost.Usage;
import io.agentry.run.RunMode;
import io.agentry.run.RunStatus;
import io.agentry.server.agents.AgentCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;

/**
 * The agent meters, under the Prometheus names operators query ({@code agent_runs_total},
 * {@code agent_run_latency}, ...; see README "Metrics"). Latencies are histograms in seconds with fixed
 * buckets (overridable with {@code management.metrics.distribution.slo.<meter>}); they are timers whose
 * Prometheus names keep no unit suffix ({@link #UNSUFFIXED}, see {@link MetricsConfiguration}).
 *
 * <p>Labels are bounded by configuration: agent names and model ids come from the agent catalog, tool names
 * from the tool registry and the configured MCP servers (a tool the model made up counts as {@code unknown}),
 * at most {@code agentry.metrics.max-tool-names} of them (later ones count as {@code other}), modes and outcomes are fixed
 * sets, error types are a fixed set plus exception class names. Never a user id, message or other request
 * value. Meters are cached per label set, so recording costs no registry lookup.
 */
@Component
public class AgentMetrics {

    static final String RUNS = "agent.runs";
    static final String RUN_LATENCY = "agent.run.latency";
    static final String RUN_ITERATIONS = "agent.run.iterations";
    static final String TOKENS = "agent.llm.tokens";
    static final String COST = "agent.llm.cost.usd";
    static final String CALL_LATENCY = "agent.llm.call.latency";
    static final String TOOL_CALLS = "agent.tool.calls";
    static final String TOOL_ERRORS = "agent.tool.errors";
    static final String RESUME_SAVED_TOKENS = "agent.resume.saved.tokens";
    static final String RESUME_SAVED_COST = "agent.resume.saved.cost.usd";
    static final String RESUME_REPLAYED = "agent.resume.replayed.steps";

    /** Timers exposed under their names as given, without Prometheus' {@code _seconds}. */
    static final Set<String> UNSUFFIXED = Set.of(RUN_LATENCY, CALL_LATENCY);

    /** The modes that run an agent (an estimate runs nothing). */
    static final List<RunMode> MODES = List.of(RunMode.SYNC, RunMode.STREAM, RunMode.TASK);
    static final List<RunStatus> OUTCOMES = List.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED);
    /** The tool label of a call to a tool the agent does not have (the model's name for it is unbounded). */
    static final String UNKNOWN_TOOL = "unknown";
    /** The tool label of calls of tools beyond the first {@code max-tool-names} names seen. */
    static final String OTHER_TOOLS = "other";

    private static final Duration[] LATENCY_BUCKETS = Stream.of("5ms", "10ms", "25ms", "50ms", "100ms", "250ms",
            "500ms", "1s", "2500ms", "5s", "10s", "30s", "60s", "120s", "300s", "600s")
            .map(DurationStyle.SIMPLE::parse).toArray(Duration[]::new);
    private static final double[] ITERATION_BUCKETS = {1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50};

    private record RunKey(String agent, RunMode mode, RunStatus outcome) {
    }

    private record RunMeters(Counter runs, Timer latency, DistributionSummary iterations) {
    }

    private record ModelMeters(Counter input, Counter output, Counter cacheRead, Counter cacheWrite, Counter cost,
                               Timer ok, Timer error, Timer cancelled) {
    }

    private record ToolError(String tool, String error) {
    }

    private record ResumeMeters(Counter input, Counter output, Counter cacheRead, Counter cacheWrite, Counter cost) {
    }

    private final MeterRegistry registry;
    private final Map<RunKey, RunMeters> runMeters = new ConcurrentHashMap<>();
    private final Map<String, ModelMeters> modelMeters = new ConcurrentHashMap<>();
    private final Map<String, Counter> toolCalls = new ConcurrentHashMap<>();
    private final Map<ToolError, Counter> toolErrors = new ConcurrentHashMap<>();
    private final Map<String, ResumeMeters> resumeMeters = new ConcurrentHashMap<>();
    private final Counter replayedModelCalls;
    private final Counter replayedToolCalls;
    private final int maxToolNames;

    /** Registers every configured agent's run and model meters at zero, so rates and alerts work from the start. */
    public AgentMetrics(MeterRegistry registry, AgentCatalog agents, MetricsProperties properties) {
        this.registry = registry;
        this.maxToolNames = properties.maxToolNames();
        this.replayedModelCalls = replayed("model_call");
        this.replayedToolCalls = replayed("tool_call");
        for (String name : agents.names()) {
            AgentDefinition agent = agents.find(name).orElseThrow();
            for (RunMode mode : MODES) {
                for (RunStatus outcome : OUTCOMES) {
                    runMeters(agent.name(), mode, outcome);
                }
            }
            modelMeters(agent.model());
            resumeMeters(agent.model());
            // tools named in the configuration; those of MCP servers get their meters when first called
            agent.tools().stream().filter(tool -> !tool.contains("/")).forEach(this::toolCalls);
        }
    }

    /** A run ended (with a result: runs refused before they start are counted by their guardrail). */
    public void runFinished(String agent, RunMode mode, RunStatus outcome, int iterations, long latencyMs) {
        RunMeters meters = runMeters(agent, mode, outcome);
        meters.runs().increment();
        meters.latency().record(latencyMs, TimeUnit.MILLISECONDS);
        meters.iterations().record(iterations);
    }

    /**
     * A retried attempt replayed steps of its journal: what the model calls it did not make again had used and cost
     * (what the resume saved), and how many model and tool calls it did not make again.
     */
    void resumed(String model, RunResult.Replayed replayed) {
        ResumeMeters meters = resumeMeters(model);
        Usage usage = replayed.usage();
        increment(meters.input(), usage.inputTokens());
        increment(meters.output(), usage.outputTokens());
        increment(meters.cacheRead(), usage.cacheReadTokens());
        increment(meters.cacheWrite(), usage.cacheWriteTokens());
        if (replayed.costUsd() != null && replayed.costUsd().signum() > 0) {
            meters.cost().increment(replayed.costUsd().doubleValue());
        }
        increment(replayedModelCalls, replayed.modelCalls());
        increment(replayedToolCalls, replayed.toolCalls());
    }

    private ResumeMeters resumeMeters(String model) {
        return resumeMeters.computeIfAbsent(model, m -> new ResumeMeters(saved(m, "input"), saved(m, "output"),
                saved(m, "cache_read"), saved(m, "cache_write"),
                Counter.builder(RESUME_SAVED_COST).description("USD not spent again because a retried attempt replayed "
                        + "its journal, by model").tag("model", m).register(registry)));
    }

    private Counter saved(String model, String kind) {
        return Counter.builder(RESUME_SAVED_TOKENS).description("Tokens not spent again because a retried attempt "
                + "replayed its journal, by model and kind").tag("model", model).tag("kind", kind).register(registry);
    }

    private Counter replayed(String kind) {
        return Counter.builder(RESUME_REPLAYED).description("Steps a retried attempt took from its journal instead of "
                + "making them again, by kind (model_call, tool_call)").tag("kind", kind).register(registry);
    }

    /** A model call answered: its latency, its tokens by kind and its cost (when the model has a price). */
    void modelReplied(String model, ModelCall call, long latencyNanos) {
        ModelMeters meters = modelMeters(model);
        meters.ok().record(latencyNanos, TimeUnit.NANOSECONDS);
        Usage usage = call.usage();
        increment(meters.input(), usage.inputTokens());
        increment(meters.output(), usage.outputTokens());
        increment(meters.cacheRead(), usage.cacheReadTokens());
        increment(meters.cacheWrite(), usage.cacheWriteTokens());
        BigDecimal cost = call.costUsd();
        if (cost != null && cost.signum() > 0) {
            meters.cost().increment(cost.doubleValue());
        }
    }

    /** A model call failed, or was interrupted (the run was cancelled or hit its time limit). */
    void modelFailed(String model, long latencyNanos, boolean interrupted) {
        ModelMeters meters = modelMeters(model);
        (interrupted ? meters.cancelled() : meters.error()).record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A tool call ended.
     *
     * @param tool      the agent's tool name, or null for a tool the agent does not have
     * @param errorType null when it produced a result
     */
    void toolFinished(String tool, String errorType) {
        String label = tool == null ? UNKNOWN_TOOL
                : toolCalls.containsKey(tool) || toolCalls.size() < maxToolNames ? tool : OTHER_TOOLS;
        toolCalls(label).increment();
        if (errorType != null) {
            toolErrors.computeIfAbsent(new ToolError(label, errorType), k -> Counter.builder(TOOL_ERRORS)
                    .description("Tool calls that failed, by tool and error type")
                    .tag("tool", k.tool()).tag("error", k.error())
                    .register(registry)).increment();
        }
    }

    private RunMeters runMeters(String agent, RunMode mode, RunStatus outcome) {
        return runMeters.computeIfAbsent(new RunKey(agent, mode, outcome), k -> {
            String[] tags = {"agent", k.agent(), "mode", k.mode().wireName(), "outcome", k.outcome().wireName()};
            return new RunMeters(
                    Counter.builder(RUNS).description("Runs that ended, by agent, mode and outcome").tags(tags)
                            .register(registry),
                    Timer.builder(RUN_LATENCY).description("Run latency in seconds").tags(tags)
                            .serviceLevelObjectives(LATENCY_BUCKETS).register(registry),
                    DistributionSummary.builder(RUN_ITERATIONS).description("Model calls per run").tags(tags)
                            .serviceLevelObjectives(ITERATION_BUCKETS).register(registry));
        });
    }

    private ModelMeters modelMeters(String model) {
        return modelMeters.computeIfAbsent(model, m -> new ModelMeters(tokens(m, "input"), tokens(m, "output"),
                tokens(m, "cache_read"), tokens(m, "cache_write"),
                Counter.builder(COST).description("Spend in USD at the price book's rates, by model").tag("model", m)
                        .register(registry),
                callLatency(m, "ok"), callLatency(m, "error"), callLatency(m, "cancelled")));
    }

    private Counter tokens(String model, String kind) {
        return Counter.builder(TOKENS).description("Tokens used, by model and kind (input, output, cache_read, cache_write)")
                .tag("model", model).tag("kind", kind).register(registry);
    }

    private Timer callLatency(String model, String outcome) {
        return Timer.builder(CALL_LATENCY)
                .description("Model call latency in seconds (retries included), by model and outcome (ok, error, cancelled)")
                .tag("model", model).tag("outcome", outcome)
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    private Counter toolCalls(String tool) {
        return toolCalls.computeIfAbsent(tool, t -> Counter.builder(TOOL_CALLS).description("Tool calls, by tool")
                .tag("tool", t).register(registry));
    }

    private static void increment(Counter counter, long amount) {
        if (amount > 0) {
            counter.increment(amount);
        }
    }
}
