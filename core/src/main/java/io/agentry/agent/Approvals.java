package io.agentry.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import io.agentry.approval.ApprovalGate;
import io.agentry.approval.Interruption;
import io.agentry.approval.PendingCall;
import io.agentry.journal.JournalReplay;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The loop's seam for approvals: the gate of a run, and what it makes of a turn's tool calls. Kept apart from the
 * loop so that the loop only asks, before a turn's tools run, whether the turn waits.
 */
final class Approvals {

    /** The error of a run that stopped for approval. */
    static final String WAITING_ERROR = "Waiting for approval";

    /**
     * A turn reviewed: the calls to run (edited arguments applied), the results of the rejected ones by call id, and
     * the calls that wait (then nothing of the turn runs).
     */
    record Turn(List<ToolExecutionRequest> requests, Map<String, String> rejected, List<PendingCall> waiting,
                boolean edited) {
    }

    private Approvals() {
    }

    /** The gate of a run of {@code agent}: its tools that need approval, as this run offers them. */
    static ApprovalGate gate(AgentDefinition agent, ToolRegistry registry, List<Tool> agentTools, Interruption resumed) {
        if (agent.approval().isEmpty() && resumed == null) {
            return ApprovalGate.OPEN;
        }
        Set<String> offered = agentTools.stream().map(Tool::name).collect(Collectors.toSet());
        Set<String> needApproval = agent.approval().isEmpty() ? Set.of()
                : registry.select(agent.approval().selection()).stream().map(Tool::name).filter(offered::contains)
                .collect(Collectors.toSet());
        return new ApprovalGate(needApproval, resumed);
    }

    /**
     * The gate's verdicts on one turn's calls, as the loop acts on them. A call the journal has a step of (an earlier
     * attempt started or finished it) passed the gate then, and is left to the replay.
     */
    static Turn review(ApprovalGate gate, int iteration, List<ToolExecutionRequest> requests, JournalReplay replay) {
        if (gate == ApprovalGate.OPEN) {
            return new Turn(requests, Map.of(), List.of(), false);
        }
        List<ApprovalGate.Call> calls = new ArrayList<>(requests.size());
        for (ToolExecutionRequest request : requests) {
            calls.add(new ApprovalGate.Call(request.id() == null ? "" : request.id(), request.name(),
                    request.arguments() == null ? "{}" : request.arguments()));
        }
        Map<String, ApprovalGate.Verdict> verdicts = gate.review(iteration, calls);
        List<ToolExecutionRequest> run = new ArrayList<>(requests.size());
        Map<String, String> rejected = new HashMap<>();
        Map<String, PendingCall> waiting = new LinkedHashMap<>();
        boolean edited = false;
        for (int i = 0; i < requests.size(); i++) {
            ToolExecutionRequest request = requests.get(i);
            ApprovalGate.Call call = calls.get(i);
            int position = i + 1;
            if (replay.toolFinished(iteration, position) != null || replay.toolStarted(iteration, position) != null) {
                run.add(request);
                continue;
            }
            switch (verdicts.get(call.id())) {
                case ApprovalGate.Wait w -> waiting.put(call.id(), new PendingCall(call.id(), call.tool(), call.arguments()));
                case ApprovalGate.Reject r -> {
                    rejected.put(call.id(), r.result());
                    run.add(request);
                }
                case ApprovalGate.Run r -> {
                    if (r.arguments().equals(call.arguments())) {
                        run.add(request);
                    } else {
                        edited = true;
                        run.add(ToolExecutionRequest.builder().id(request.id()).name(request.name())
                                .arguments(r.arguments()).build());
                    }
                }
            }
        }
        return new Turn(run, rejected, List.copyOf(waiting.values()), edited);
    }
}
