package io.agentry.server.tasks;

import io.agentry.agent.AgentDefinition;
import io.agentry.approval.ApprovalPolicy;
import io.agentry.approval.Decision;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.run.RunStatus;
import io.agentry.server.agents.AgentCatalog;
import io.agentry.server.config.ConditionalOnWorkerRole;
import io.agentry.server.config.PeriodicWork;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends the waits of interrupted tasks whose approval timed out, as their agent's {@code on-approval-timeout} says:
 * {@code reject} queues the task again with every pending call rejected (the model is told no decision came in
 * time), {@code fail} fails it. Runs in every worker process, every {@code agentry.worker.recovery-interval}; several
 * at once are harmless, since a resume or an ending acts only on a task still interrupted by the interruption that was
 * read (the first one wins, the others change nothing), and so does a person's decision racing it.
 */
@Component
@ConditionalOnWorkerRole
class ApprovalJanitor extends PeriodicWork {

    /** Expired approvals handled per pass; the next pass takes the rest. */
    static final int BATCH = 100;
    private static final Logger log = LoggerFactory.getLogger(ApprovalJanitor.class);

    private final TaskQueue queue;
    private final TaskSignals signals;
    private final AgentCatalog agents;
    private final WorkerProperties worker;
    private final Clock clock;
    private final TaskEndings endings;

    ApprovalJanitor(TaskQueue queue, TaskSignals signals, AgentCatalog agents, WorkerProperties worker, Clock clock,
                    TaskEvents events) {
        super("agentry-approval-janitor");
        this.queue = queue;
        this.signals = signals;
        this.agents = agents;
        this.worker = worker;
        this.clock = clock;
        this.endings = new TaskEndings(queue, events);
    }

    void expire() {
        try {
            Instant now = clock.instant();
            int rejected = 0;
            int failed = 0;
            for (Task task : queue.expiredApprovals(now, BATCH)) {
                // an agent no longer configured cannot go on: its run fails
                ApprovalPolicy.OnTimeout onTimeout = agents.find(task.request().agent()).map(AgentDefinition::approval)
                        .map(ApprovalPolicy::onTimeout).orElse(ApprovalPolicy.OnTimeout.FAIL);
                if (onTimeout == ApprovalPolicy.OnTimeout.REJECT) {
                    List<Decision> rejections = task.interruption().calls().stream()
                            .map(call -> Decision.reject(call.callId(), ApprovalPolicy.TIMED_OUT_REASON)).toList();
                    if (queue.resume(task.taskId(), task.interruption().deadline(), rejections, now)
                            == TaskQueue.Resume.RESUMED) {
                        rejected++;
                    }
                } else if (endings.endInterrupted(task, RunStatus.FAILED, ApprovalPolicy.TIMED_OUT_ERROR, now)) {
                    failed++;
                }
            }
            if (rejected > 0) {
                signals.taskEnqueued();
            }
            if (rejected + failed > 0) {
                log.info("Approvals timed out: {} task(s) continue with their calls rejected, {} failed", rejected, failed);
            }
        } catch (RuntimeException e) {
            log.warn("Could not time out approvals ({})", e.getMessage());
        }
    }

    @Override
    protected List<Step> steps() {
        return List.of(new Step(this::expire, worker.recoveryInterval(), worker.recoveryInterval()));
    }
}
