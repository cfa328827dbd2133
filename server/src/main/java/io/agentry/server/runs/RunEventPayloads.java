package io.agentry.server.runs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.run.RunEvent;
import io.agentry.server.runs.RunResponse.UsageBody;
import java.math.BigDecimal;

/** The JSON {@code data} of each non-terminal run event (snake_case, like the rest of the API). */
final class RunEventPayloads {

    private RunEventPayloads() {
    }

    record Started(@JsonProperty("run_id") String runId, String agent, String model) {
    }

    record Token(String text) {
    }

    record ToolStarted(@JsonProperty("call_id") String callId, String tool, String arguments) {
    }

    record ToolFinished(@JsonProperty("call_id") String callId, String tool, String result, String error,
                        @JsonProperty("duration_ms") long durationMs) {
    }

    record Usage(int iteration, String model, UsageBody call, UsageBody total,
                 @JsonProperty("cost_usd") BigDecimal costUsd) {
    }

    /** The terminal event of a run (or task) that ended without a run response. */
    record Ended(String status, boolean success, String error) {
    }

    static Object of(RunEvent event) {
        return switch (event) {
            case RunEvent.Started e -> new Started(e.runId(), e.agent(), e.model());
            case RunEvent.Token e -> new Token(e.text());
            case RunEvent.ToolStarted e -> new ToolStarted(e.callId(), e.tool(), e.arguments());
            case RunEvent.ToolFinished e -> new ToolFinished(e.callId(), e.tool(), e.result(), e.error(), e.durationMs());
            case RunEvent.UsageReport e -> new Usage(e.iteration(), e.model(), UsageBody.of(e.call()),
                    UsageBody.of(e.total()), RunResponse.plain(e.costUsd()));
            case RunEvent.Completed e -> throw terminal(e);
            case RunEvent.Failed e -> throw terminal(e);
            case RunEvent.Cancelled e -> throw terminal(e);
            case RunEvent.Interrupted e -> throw terminal(e);
        };
    }

    private static IllegalArgumentException terminal(RunEvent event) {
        return new IllegalArgumentException(event.type() + " is written from the run's outcome");
    }
}
