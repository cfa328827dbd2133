package io.agentry.approval;

import java.util.Objects;

/**
 * A person's decision on one {@link PendingCall}: run it (with the model's arguments, or with edited ones), or
 * reject it with a reason the model is given as the call's result.
 *
 * @param arguments for an approval, the arguments to run the call with (a JSON object as text), or null for the
 *                  model's own; null for a rejection
 * @param reason    for a rejection, what the model is told; null for an approval
 */
public record Decision(String callId, Verdict verdict, String arguments, String reason) {

    /** What was decided. */
    public enum Verdict {
        APPROVE, REJECT
    }

    /** What the model is told of a rejected call: this prefix and the reason (an error, as tool errors are told). */
    public static final String REJECTED_PREFIX = "Error: the call was not approved: ";

    public Decision {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(verdict, "verdict");
        if (verdict == Verdict.REJECT && arguments != null) {
            throw new IllegalArgumentException("a rejected call has no arguments to run with");
        }
    }

    public static Decision approve(String callId) {
        return new Decision(callId, Verdict.APPROVE, null, null);
    }

    public static Decision approveWith(String callId, String arguments) {
        return new Decision(callId, Verdict.APPROVE, Objects.requireNonNull(arguments, "arguments"), null);
    }

    public static Decision reject(String callId, String reason) {
        return new Decision(callId, Verdict.REJECT, null, reason);
    }

    /** The tool result the model sees for a rejected call. */
    public String rejectionResult() {
        return REJECTED_PREFIX + (reason == null || reason.isBlank() ? "no reason given" : reason);
    }
}
