package io.agentry.approval;

import io.agentry.tool.ToolSelection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Which of an agent's tools need a person's approval before each call, and what happens when no decision comes.
 *
 * @param tools     entries of the form of the agent's {@code tools} ({@link ToolSelection}: a tool name, or
 *                  {@code <mcp-server>/<pattern>}); empty when nothing needs approval
 * @param timeout   how long an interrupted run waits for a decision
 * @param onTimeout what a decision that did not come amounts to
 */
public record ApprovalPolicy(List<String> tools, Duration timeout, OnTimeout onTimeout) {

    /** What an approval that timed out does. */
    public enum OnTimeout {
        /** Every pending call is rejected (the model is told it timed out) and the run goes on. */
        REJECT,
        /** The run fails. */
        FAIL
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(24);
    /** What the model is told of a call whose approval timed out. */
    public static final String TIMED_OUT_REASON = "no decision was made in time";
    /** The error of a run that failed because its approval timed out. */
    public static final String TIMED_OUT_ERROR = "Approval timed out";

    /** Nothing needs approval. */
    public static final ApprovalPolicy NONE = new ApprovalPolicy(List.of(), DEFAULT_TIMEOUT, OnTimeout.REJECT);

    public ApprovalPolicy {
        tools = tools == null ? List.of() : List.copyOf(tools);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        onTimeout = onTimeout == null ? OnTimeout.REJECT : onTimeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("approval timeout must be positive");
        }
        ToolSelection.parse(tools, List.of()); // a malformed entry is refused now
    }

    /** The entries parsed, to select the tools they name from a registry. */
    public ToolSelection selection() {
        return ToolSelection.parse(tools, List.of());
    }

    public boolean isEmpty() {
        return tools.isEmpty();
    }
}
