package io.agentry.server.runs;

import io.agentry.cost.Usage;
import io.agentry.journal.JournalReplay;
import io.agentry.journal.JournalStep;
import io.agentry.run.RunStatus;
import io.agentry.store.RunRecord;
import io.agentry.store.RunStore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records for the earlier attempts whose steps a run replayed and that never recorded themselves (their process was
 * killed): the ledger charges each model call to the attempt that made it, so a call a dead attempt paid for must be
 * in a record of its own, or nobody's. Such a record is written only where none exists
 * ({@link RunStore#saveIfAbsent}): an attempt that merely lost its lease and is still running writes its own record
 * when it ends, and that one is the truth.
 */
final class LostAttempts {

    static final String ERROR = "Worker lost: the attempt stopped before it ended (its finished steps were replayed)";

    private LostAttempts() {
    }

    private static final class Attempt {
        int modelCalls;
        int toolCalls;
        Usage usage = Usage.ZERO;
        BigDecimal cost;
        Instant first;
        Instant last;
        String model;

        void add(JournalStep step) {
            Instant started = step.at();
            if (step instanceof JournalStep.ModelCall call) {
                modelCalls++;
                usage = usage.plus(call.usage());
                if (call.costUsd() != null) {
                    cost = cost == null ? call.costUsd() : cost.add(call.costUsd());
                }
                model = call.model();
                started = call.at().minusMillis(call.latencyMs());
            } else if (step instanceof JournalStep.ToolFinished) {
                toolCalls++;
            }
            first = first == null || started.isBefore(first) ? started : first;
            last = last == null || step.at().isAfter(last) ? step.at() : last;
        }
    }

    /** Writes a failed record for each attempt (other than {@code current}'s run) that journalled model calls of the chain. */
    static void record(JournalReplay replay, RunRecord current, RunStore runs) {
        Map<String, Attempt> attempts = new LinkedHashMap<>();
        for (JournalStep step : replay.steps()) {
            if (!step.runId().equals(current.runId())) {
                attempts.computeIfAbsent(step.runId(), id -> new Attempt()).add(step);
            }
        }
        attempts.forEach((runId, a) -> {
            if (a.modelCalls == 0) {
                return;
            }
            runs.saveIfAbsent(new RunRecord(runId, current.taskId(), current.userId(), current.sessionId(), current.agent(),
                    a.model == null ? current.model() : a.model, current.mode(), RunStatus.FAILED, false, ERROR,
                    a.modelCalls, a.toolCalls, a.usage, a.cost, a.last.toEpochMilli() - a.first.toEpochMilli(), a.first,
                    a.last, current.scheduleId()));
        });
    }
}
