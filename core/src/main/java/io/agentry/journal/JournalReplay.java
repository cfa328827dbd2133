package io.agentry.journal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What earlier attempts of a chain journalled, as a retried attempt looks it up: the model call of an iteration,
 * and the tool calls of its reply, started or finished, by position.
 */
public final class JournalReplay {

    /** Nothing to replay: a first attempt. */
    public static final JournalReplay EMPTY = new JournalReplay(List.of());

    private final List<JournalStep> steps;
    private final Map<JournalStep.Key, JournalStep> byKey = new HashMap<>();

    public JournalReplay(List<JournalStep> steps) {
        this.steps = List.copyOf(steps);
        for (JournalStep step : this.steps) {
            byKey.putIfAbsent(step.key(), step);
        }
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Every step, in key order. */
    public List<JournalStep> steps() {
        return steps;
    }

    /** The finished model call of {@code iteration}, or null when none was journalled. */
    public JournalStep.ModelCall modelCall(int iteration) {
        return (JournalStep.ModelCall) byKey.get(new JournalStep.Key(iteration, 0, JournalStep.Kind.MODEL_CALL));
    }

    /** The journalled start of the tool call at {@code position} of {@code iteration}, or null. */
    public JournalStep.ToolStarted toolStarted(int iteration, int position) {
        return (JournalStep.ToolStarted) byKey.get(new JournalStep.Key(iteration, position, JournalStep.Kind.TOOL_STARTED));
    }

    /** The journalled result of the tool call at {@code position} of {@code iteration}, or null. */
    public JournalStep.ToolFinished toolFinished(int iteration, int position) {
        return (JournalStep.ToolFinished) byKey.get(new JournalStep.Key(iteration, position, JournalStep.Kind.TOOL_FINISHED));
    }
}
