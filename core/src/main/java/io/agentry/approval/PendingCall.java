package io.agentry.approval;

import java.util.Objects;

/**
 * A tool call the model asked for that waits for a person's decision before it runs.
 *
 * @param callId    the model's id of the call (unique within its turn)
 * @param tool      the tool's name as the model sees it
 * @param arguments the arguments the model gave, a JSON object as text
 */
public record PendingCall(String callId, String tool, String arguments) {

    public PendingCall {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(arguments, "arguments");
    }
}
