package io.agentry.approval;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the loop asks before it runs a turn's tool calls: for each call, run it as asked, run it with edited
 * arguments, give the model a rejection instead, or stop the run for a person to decide. One gate per run attempt,
 * made from the tools that need approval and the decisions of the interruption being resumed, if any.
 *
 * <p>A turn runs as a whole: when one of its calls waits for a decision, none of them runs (the others run with the
 * approved ones on resume), so the tools of one turn run together as the model asked for them.
 */
public final class ApprovalGate {

    /** A gate that lets every call through. */
    public static final ApprovalGate OPEN = new ApprovalGate(Set.of(), null);

    /** What to do with one call. */
    public sealed interface Verdict {
    }

    /** Run it, with these arguments (the model's own unless a reviewer edited them). */
    public record Run(String arguments) implements Verdict {
    }

    /** Do not run it: the model is given {@code result} as its outcome. */
    public record Reject(String result) implements Verdict {
    }

    /** Wait for a person's decision. */
    public record Wait() implements Verdict {
    }

    private final Set<String> needApproval;
    private final Interruption resumed;

    /**
     * @param needApproval names (as the model sees them) of the tools whose calls need approval in this run
     * @param resumed      the interruption this attempt resumes, with its decisions; null for none
     */
    public ApprovalGate(Set<String> needApproval, Interruption resumed) {
        this.needApproval = Set.copyOf(needApproval);
        this.resumed = resumed;
    }

    /**
     * The verdict on each call of model call {@code iteration}, by call id: a call whose tool needs no approval
     * runs as asked; one that does follows the resumed interruption's decision for it when the interruption is of
     * this turn, and otherwise waits.
     */
    public Map<String, Verdict> review(int iteration, List<Call> calls) {
        Map<String, Decision> decided = resumed != null && resumed.iteration() == iteration
                ? resumed.decisions().stream().collect(Collectors.toMap(Decision::callId, Function.identity(), (a, b) -> a))
                : Map.of();
        Map<String, Verdict> verdicts = new java.util.LinkedHashMap<>();
        for (Call call : calls) {
            Decision decision = decided.get(call.id());
            Verdict verdict;
            if (decision != null) {
                verdict = decision.verdict() == Decision.Verdict.REJECT ? new Reject(decision.rejectionResult())
                        : new Run(decision.arguments() == null ? call.arguments() : decision.arguments());
            } else if (needApproval.contains(call.tool())) {
                verdict = new Wait();
            } else {
                verdict = new Run(call.arguments());
            }
            verdicts.put(call.id(), verdict);
        }
        return verdicts;
    }

    /** Whether any call of this run may wait for approval (else the gate never stops a run). */
    public boolean mayWait() {
        return !needApproval.isEmpty();
    }

    /** A call as the gate sees it. */
    public record Call(String id, String tool, String arguments) {
        public Call {
            Objects.requireNonNull(id, "id");
        }
    }
}
