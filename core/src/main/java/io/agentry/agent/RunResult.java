package io.agentry.agent;

import dev.langchain4j.data.message.ChatMessage;
import io.agentry.approval.PendingCall;
import io.agentry.cost.Usage;
import io.agentry.run.RunStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * How a run ended.
 *
 * @param status          COMPLETED, FAILED, CANCELLED, or INTERRUPTED (tool calls wait for approval)
 * @param success         true only for a final answer within every limit
 * @param error           why it did not succeed; null on success
 * @param retriable       the failure may go away on a retry (provider overloaded, timeout)
 * @param retryAfter      how long the provider asked us to wait before retrying; null when it did not say
 * @param toolCallsMade   tool names in the order the model called them
 * @param calls           every model call, in order
 * @param costUsd         sum of the calls' costs; null when the model has no known price
 * @param cacheSavingsUsd what prompt caching saved against paying the input rate for every prompt token
 * @param newMessages     the messages this run adds to its session: the user's message, the model's
 *                        turns and the tool results
 * @param usage           what this run's own model calls used: what it is charged (replayed calls are not)
 * @param replayed        what the run took from its chain's journal instead of doing again
 * @param pendingCalls    when INTERRUPTED, the calls of the last model call that wait for approval; else empty
 */
public record RunResult(String runId, RunStatus status, boolean success, String content, String error,
                        boolean retriable, Duration retryAfter, String model, int iterations, List<String> toolCallsMade, int toolErrors,
                        List<ModelCall> calls, Usage usage, BigDecimal costUsd, BigDecimal cacheSavingsUsd,
                        List<ChatMessage> newMessages, Replayed replayed, List<PendingCall> pendingCalls) {

    public RunResult {
        pendingCalls = pendingCalls == null ? List.of() : List.copyOf(pendingCalls);
        toolCallsMade = List.copyOf(toolCallsMade);
        calls = List.copyOf(calls);
        newMessages = List.copyOf(newMessages);
        replayed = replayed == null ? Replayed.NONE : replayed;
    }

    /**
     * The steps a retried attempt replayed from its chain's journal: model calls not sent again (with what they had
     * used and cost, which this run saved; {@code costUsd} null when the model has no price) and tool calls not
     * executed again.
     */
    public record Replayed(int modelCalls, int toolCalls, Usage usage, BigDecimal costUsd) {
        public static final Replayed NONE = new Replayed(0, 0, Usage.ZERO, null);

        public boolean any() {
            return modelCalls > 0 || toolCalls > 0;
        }

        Replayed plusModelCall(Usage callUsage, BigDecimal callCost) {
            return new Replayed(modelCalls + 1, toolCalls, usage.plus(callUsage),
                    callCost == null ? costUsd : (costUsd == null ? callCost : costUsd.add(callCost)));
        }

        Replayed plusToolCalls(int calls) {
            return new Replayed(modelCalls, toolCalls + calls, usage, costUsd);
        }
    }

    RunResult withRetryAfter(Duration delay) {
        return new RunResult(runId, status, success, content, error, retriable, delay, model, iterations, toolCallsMade,
                toolErrors, calls, usage, costUsd, cacheSavingsUsd, newMessages, replayed, pendingCalls);
    }
}
