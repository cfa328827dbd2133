package io.agentry.server.jdbc;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.approval.Decision;
import io.agentry.approval.Interruption;
import io.agentry.approval.PendingCall;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task's {@link Interruption} in the {@code tasks.interruption} column: the model call's number, the calls that
 * wait and the decisions, as JSON (the shape is this store's own; clients see the task view's). The deadline has a
 * column of its own, which expired approvals are found by.
 */
final class TaskInterruptions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Stored(int iteration, List<Call> calls, List<Verdict> decisions) {
    }

    private record Call(@JsonProperty("call_id") String callId, String tool, String arguments) {
    }

    private record Verdict(@JsonProperty("call_id") String callId, String verdict, String arguments, String reason) {
    }

    private TaskInterruptions() {
    }

    static String write(Interruption interruption) {
        if (interruption == null) {
            return null;
        }
        return JSON.writeValueAsString(new Stored(interruption.iteration(),
                interruption.calls().stream().map(c -> new Call(c.callId(), c.tool(), c.arguments())).toList(),
                interruption.decisions().stream()
                        .map(d -> new Verdict(d.callId(), d.verdict().name(), d.arguments(), d.reason())).toList()));
    }

    static Interruption read(String json, Instant deadline) {
        if (json == null || deadline == null) {
            return null;
        }
        Stored stored = JSON.readValue(json, Stored.class);
        return new Interruption(stored.iteration(),
                stored.calls().stream().map(c -> new PendingCall(c.callId(), c.tool(), c.arguments())).toList(), deadline,
                stored.decisions() == null ? List.of() : stored.decisions().stream()
                        .map(d -> new Decision(d.callId(), Decision.Verdict.valueOf(d.verdict()), d.arguments(), d.reason()))
                        .toList());
    }
}
