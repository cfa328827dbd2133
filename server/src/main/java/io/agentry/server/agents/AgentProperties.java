package io.agentry.server.agents;

import io.agentry.agent.AgentDefinition;
import io.agentry.agent.HistoryWindow;
import io.agentry.approval.ApprovalPolicy;
import io.agentry.server.config.PropertyDefaults;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * One agent as configured under {@code agentry.agents.<name>}. Every field has a default, so an agent
 * needs nothing but a name.
 *
 * @param model             model id: {@code offline}, {@code openai:<model>}, {@code anthropic:<model>},
 *                          {@code openai-compatible:<model>}
 * @param timeLimit         soft time limit of a run
 * @param enabled           a disabled agent is not served and its provider key is not required
 * @param historyMaxMessages at most this many of a session's latest messages are sent to the model (no limit
 *                          by default)
 * @param historyMaxTokens  at most this many tokens of a session's latest messages are sent to the model
 * @param tools             tool names ({@code calculator}) and MCP tools by server and pattern ({@code everything/*},
 *                          {@code everything/get-*}); {@code calculator} and {@code current_time} by default
 * @param excludeTools      entries of the same form taken out of what {@code tools} selects ({@code everything/get-env})
 * @param requiresApproval  tools whose every call waits for a person's approval, in the form of {@code tools}
 *                          (built-in, HTTP, plugin or MCP tools alike); none by default
 * @param approvalTimeout   how long a run waits for that approval (24 hours by default)
 * @param onApprovalTimeout {@code reject} (the default: the model is told the calls were not approved in time and the
 *                          run goes on) or {@code fail} (the run fails)
 */
public record AgentProperties(String model, String systemPrompt, List<String> tools, Integer maxIterations,
                              Long maxTokensPerRun, BigDecimal maxCostUsdPerRun, Integer maxOutputTokens,
                              Double temperature, Duration timeLimit, Boolean promptCaching, Boolean enabled,
                              Integer historyMaxMessages, Integer historyMaxTokens, List<String> excludeTools,
                              List<String> requiresApproval, Duration approvalTimeout,
                              ApprovalPolicy.OnTimeout onApprovalTimeout) {

    public static final String DEFAULT_SYSTEM_PROMPT =
            "You are a helpful assistant. Use the tools when they help, and answer concisely.";
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(300);
    /** Enough for a long conversation, small enough that every call of a run fits the default token budget. */
    public static final int DEFAULT_HISTORY_MAX_TOKENS = 10_000;

    /** An agent configured with nothing but its name. */
    static AgentProperties unconfigured() {
        return PropertyDefaults.defaults(AgentProperties.class);
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    AgentDefinition toDefinition(String name) {
        return new AgentDefinition(name,
                model == null ? "offline" : model,
                systemPrompt == null ? DEFAULT_SYSTEM_PROMPT : systemPrompt,
                tools == null ? List.of("calculator", "current_time") : tools,
                maxIterations == null ? AgentDefinition.DEFAULT_MAX_ITERATIONS : maxIterations,
                maxTokensPerRun == null ? AgentDefinition.DEFAULT_MAX_TOKENS_PER_RUN : maxTokensPerRun,
                maxCostUsdPerRun,
                maxOutputTokens == null ? AgentDefinition.DEFAULT_MAX_OUTPUT_TOKENS : maxOutputTokens,
                temperature,
                timeLimit == null ? DEFAULT_TIME_LIMIT : timeLimit,
                promptCaching == null || promptCaching,
                new HistoryWindow(historyMaxMessages,
                        historyMaxTokens == null ? Integer.valueOf(DEFAULT_HISTORY_MAX_TOKENS) : historyMaxTokens),
                excludeTools == null ? List.of() : excludeTools,
                new ApprovalPolicy(requiresApproval, approvalTimeout, onApprovalTimeout));
    }
}
