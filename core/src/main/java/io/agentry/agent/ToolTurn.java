package io.agentry.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import io.agentry.journal.AttemptJournal;
import io.agentry.journal.JournalReplay;
import io.agentry.journal.JournalStep;
import io.agentry.run.RunEvent;
import io.agentry.run.RunEventListener;
import io.agentry.tool.Tool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tool calls of one iteration, with the journal. Each call the model asked for is decided first
 * ({@link #decide}), then the calls to execute are started (a {@link JournalStep.ToolStarted} for each that is not
 * idempotent, all in one write) and run ({@link ToolRunner}), each result journalled as it returns.
 *
 * <p>The replay rule: a call whose result an earlier attempt journalled is not executed again, its result is
 * replayed; a call journalled as started but not finished (its attempt died while it ran) is executed again only if
 * its tool is idempotent, and otherwise answered with {@link #UNKNOWN_OUTCOME} as an error the model sees (and
 * journalled so, so that later attempts agree); a call never started is executed.
 */
final class ToolTurn {

    static final String UNKNOWN_OUTCOME = "the outcome of this call is unknown: the process running it stopped before "
            + "its result was recorded, and the tool is not declared idempotent, so it was not called again; "
            + "check whether it took effect before calling it again";

    /** What happens to one call of the turn. */
    enum Decision { REPLAY, UNKNOWN, EXECUTE }

    /** The turn's results in the order of the requests; {@code replayed} of them came from the journal. */
    record Outcome(List<ToolExecutionResultMessage> results, int errors, int replayed) {
    }

    private ToolTurn() {
    }

    /** The decision for the call at {@code position} (1-based) of {@code iteration}; {@code tool} null when unknown. */
    static Decision decide(JournalReplay replay, int iteration, int position, Tool tool) {
        if (replay.toolFinished(iteration, position) != null) {
            return Decision.REPLAY;
        }
        if (replay.toolStarted(iteration, position) != null && (tool == null || !tool.idempotent())) {
            return Decision.UNKNOWN;
        }
        return Decision.EXECUTE;
    }

    /**
     * Runs the turn. A call whose id is in {@code rejected} (a reviewer said no) and that the journal has no result
     * for is not executed: its rejection is its result, journalled like one, so later attempts agree.
     */
    static Outcome run(int iteration, List<ToolExecutionRequest> requests, Map<String, String> rejected,
                       List<Tool> agentTools, RunInput input, RunEventListener events, AttemptJournal journal,
                       ToolRunner runner) throws InterruptedException {
        JournalReplay replay = journal.replay();
        Map<String, Tool> byName = agentTools.stream().collect(Collectors.toMap(Tool::name, Function.identity()));
        String runId = input.runId().value();
        ToolExecutionResultMessage[] results = new ToolExecutionResultMessage[requests.size()];
        List<ToolExecutionRequest> toExecute = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<JournalStep> before = new ArrayList<>();
        int errors = 0;
        int replayed = 0;
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest request = requests.get(i);
            int position = i + 1;
            Tool tool = byName.get(request.name());
            String rejection = rejected.get(request.id());
            if (rejection != null && replay.toolFinished(iteration, position) == null) {
                results[i] = ToolExecutionResultMessage.from(request, rejection);
                before.add(new JournalStep.ToolFinished(iteration, position, runId, request.id(), request.name(),
                        request.arguments(), rejection, rejection, 0, journal.now()));
                events.onEvent(new RunEvent.ToolFinished(request.id(), request.name(), rejection, rejection, 0));
                continue;
            }
            switch (decide(replay, iteration, position, tool)) {
                case REPLAY -> {
                    JournalStep.ToolFinished done = replay.toolFinished(iteration, position);
                    results[i] = ToolExecutionResultMessage.from(request, done.result());
                    errors += done.error() == null ? 0 : 1;
                    replayed++;
                }
                case UNKNOWN -> {
                    String text = ToolRunner.ERROR_PREFIX + UNKNOWN_OUTCOME;
                    results[i] = ToolExecutionResultMessage.from(request, text);
                    before.add(new JournalStep.ToolFinished(iteration, position, runId, request.id(), request.name(),
                            request.arguments(), text, UNKNOWN_OUTCOME, 0, journal.now()));
                    errors++;
                }
                case EXECUTE -> {
                    toExecute.add(request);
                    positions.add(position);
                    if (tool != null && !tool.idempotent()) {
                        before.add(new JournalStep.ToolStarted(iteration, position, runId, request.id(), request.name(),
                                request.arguments(), journal.now()));
                    }
                }
            }
        }
        // the starts are durable before any call runs: a call that may have had its effect is never taken for unstarted
        journal.write(before);
        if (!toExecute.isEmpty()) {
            ToolRunner.Outcome ran = runner.runAll(toExecute, agentTools, input, events,
                    (index, request, result, error, durationMs) -> journalResult(journal, byName.get(request.name()),
                            new JournalStep.ToolFinished(iteration, positions.get(index), runId, request.id(),
                                    request.name(), request.arguments(), result, error, durationMs, journal.now())));
            for (int k = 0; k < toExecute.size(); k++) {
                results[positions.get(k) - 1] = ran.results().get(k);
            }
            errors += ran.errors();
        }
        return new Outcome(Arrays.asList(results), errors, replayed);
    }

    /** An idempotent tool's result goes with the next write (losing it only costs executing it again); others now. */
    private static void journalResult(AttemptJournal journal, Tool tool, JournalStep.ToolFinished result) {
        if (tool != null && tool.idempotent()) {
            journal.hold(result);
        } else {
            journal.write(result);
        }
    }
}
