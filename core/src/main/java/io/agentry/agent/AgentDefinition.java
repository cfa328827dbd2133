package io.agentry.agent;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.agentry.approval.ApprovalPolicy;
import io.agentry.model.TokenCounter;
import io.agentry.tool.ToolSelection;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an agent is: a model, a system prompt, the tools it may call and its limits.
 *
 * @param model            model id, e.g. {@code offline}, {@code openai:gpt-4o}
 * @param maxCostUsdPerRun null for no USD cap
 * @param maxOutputTokens  {@code max_tokens} of each model call before any budget lowers it
 * @param temperature      null for the provider's default
 * @param timeLimit        soft time limit of a run; null for none
 * @param promptCaching    mark the system prompt and tools cacheable where the provider needs it
 * @param history          how much of a session's history is sent to the model
 * @param tools            the tools it may call: tool names and {@code <mcp-server>/<pattern>} entries
 *                         ({@link ToolSelection})
 * @param excludedTools    entries of the same form taken out of what {@code tools} selects
 * @param approval         which tools need a person's approval before each call, and for how long a run waits
 */
public record AgentDefinition(String name, String model, String systemPrompt, List<String> tools,
                              int maxIterations, long maxTokensPerRun, BigDecimal maxCostUsdPerRun,
                              int maxOutputTokens, Double temperature, Duration timeLimit, boolean promptCaching,
                              HistoryWindow history, List<String> excludedTools, ApprovalPolicy approval) {

    public static final int DEFAULT_MAX_ITERATIONS = 20;
    public static final long DEFAULT_MAX_TOKENS_PER_RUN = 50_000;
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

    public AgentDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (new java.util.HashSet<>(tools).size() != tools.size()) {
            throw new IllegalArgumentException("agent '" + name + "' lists a tool more than once: " + tools);
        }
        excludedTools = excludedTools == null ? List.of() : List.copyOf(excludedTools);
        ToolSelection.parse(tools, excludedTools); // refuses a malformed entry now rather than at the first run
        history = history == null ? HistoryWindow.UNLIMITED : history;
        approval = approval == null ? ApprovalPolicy.NONE : approval;
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max iterations of agent '" + name + "' must be at least 1");
        }
        if (maxTokensPerRun < 1) {
            throw new IllegalArgumentException("max tokens per run of agent '" + name + "' must be at least 1");
        }
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("max output tokens of agent '" + name + "' must be at least 1");
        }
        if (maxCostUsdPerRun != null && maxCostUsdPerRun.signum() <= 0) {
            throw new IllegalArgumentException("max cost per run of agent '" + name + "' must be positive");
        }
    }

    /** An agent none of whose tools needs approval. */
    public AgentDefinition(String name, String model, String systemPrompt, List<String> tools, int maxIterations,
                           long maxTokensPerRun, BigDecimal maxCostUsdPerRun, int maxOutputTokens, Double temperature,
                           Duration timeLimit, boolean promptCaching, HistoryWindow history, List<String> excludedTools) {
        this(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun, maxOutputTokens,
                temperature, timeLimit, promptCaching, history, excludedTools, ApprovalPolicy.NONE);
    }

    /** An agent that excludes no tool. */
    public AgentDefinition(String name, String model, String systemPrompt, List<String> tools, int maxIterations,
                           long maxTokensPerRun, BigDecimal maxCostUsdPerRun, int maxOutputTokens, Double temperature,
                           Duration timeLimit, boolean promptCaching, HistoryWindow history) {
        this(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun, maxOutputTokens,
                temperature, timeLimit, promptCaching, history, List.of());
    }

    /** An agent that sends the whole history of a session to the model. */
    public AgentDefinition(String name, String model, String systemPrompt, List<String> tools, int maxIterations,
                           long maxTokensPerRun, BigDecimal maxCostUsdPerRun, int maxOutputTokens, Double temperature,
                           Duration timeLimit, boolean promptCaching) {
        this(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun, maxOutputTokens,
                temperature, timeLimit, promptCaching, HistoryWindow.UNLIMITED);
    }

    /**
     * An agent with every limit at its default: no USD cap, the provider's temperature, no time limit, prompt
     * caching on, the whole history. The one place these "none" values are spelled; change one with a wither.
     */
    public static AgentDefinition of(String name, String model, String systemPrompt, List<String> tools) {
        BigDecimal noCostCap = null;
        Double providerTemperature = null;
        Duration noTimeLimit = null;
        return new AgentDefinition(name, model, systemPrompt, tools, DEFAULT_MAX_ITERATIONS, DEFAULT_MAX_TOKENS_PER_RUN,
                noCostCap, DEFAULT_MAX_OUTPUT_TOKENS, providerTemperature, noTimeLimit, true, HistoryWindow.UNLIMITED,
                List.of());
    }

    /** This agent with another history window. */
    public AgentDefinition withHistory(HistoryWindow history) {
        return new AgentDefinition(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun,
                maxOutputTokens, temperature, timeLimit, promptCaching, history, excludedTools, approval);
    }

    /** This agent with other iteration, token-per-run and output-token limits. */
    public AgentDefinition withLimits(int maxIterations, long maxTokensPerRun, int maxOutputTokens) {
        return new AgentDefinition(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun,
                maxOutputTokens, temperature, timeLimit, promptCaching, history, excludedTools, approval);
    }

    /**
     * The messages of a run's first model call: the system prompt (if any), the part of the session's
     * {@code history} the agent's {@link #history() window} keeps, then the user's {@code message}, last. A new,
     * modifiable list, so the loop can go on adding to it; an estimate counts it as the loop would send it.
     */
    public List<ChatMessage> firstPrompt(List<ChatMessage> history, String message, TokenCounter counter) {
        List<ChatMessage> prompt = new ArrayList<>();
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            prompt.add(SystemMessage.from(systemPrompt));
        }
        prompt.addAll(this.history.apply(history, counter));
        prompt.add(UserMessage.from(message));
        return prompt;
    }

    /** The tools it may call, parsed: what the registry checks at start and selects from for each run. */
    public ToolSelection toolSelection() {
        return ToolSelection.parse(tools, excludedTools);
    }

    /** This agent with other tool entries. */
    public AgentDefinition withTools(List<String> tools, List<String> excludedTools) {
        return new AgentDefinition(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun,
                maxOutputTokens, temperature, timeLimit, promptCaching, history, excludedTools, approval);
    }

    /** This agent under another name, otherwise the same (limits, tools, approval). */
    public AgentDefinition withName(String name) {
        return new AgentDefinition(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun,
                maxOutputTokens, temperature, timeLimit, promptCaching, history, excludedTools, approval);
    }

    /** This agent on another model. */
    public AgentDefinition withModel(String model) {
        return new AgentDefinition(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun,
                maxOutputTokens, temperature, timeLimit, promptCaching, history, excludedTools, approval);
    }

    /** This agent with another system prompt. */
    public AgentDefinition withSystemPrompt(String systemPrompt) {
        return new AgentDefinition(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun,
                maxOutputTokens, temperature, timeLimit, promptCaching, history, excludedTools, approval);
    }

    /** This agent with another approval policy. */
    public AgentDefinition withApproval(ApprovalPolicy policy) {
        return new AgentDefinition(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun,
                maxOutputTokens, temperature, timeLimit, promptCaching, history, excludedTools, policy);
    }

    public Budget budget() {
        return new Budget(maxTokensPerRun, maxCostUsdPerRun);
    }

    public AgentDefinition withMaxIterations(int value) {
        return new AgentDefinition(name, model, systemPrompt, tools, value, maxTokensPerRun, maxCostUsdPerRun,
                maxOutputTokens, temperature, timeLimit, promptCaching, history, excludedTools, approval);
    }

    public AgentDefinition withTimeLimit(Duration value) {
        return new AgentDefinition(name, model, systemPrompt, tools, maxIterations, maxTokensPerRun, maxCostUsdPerRun,
                maxOutputTokens, temperature, value, promptCaching, history, excludedTools, approval);
    }
}
