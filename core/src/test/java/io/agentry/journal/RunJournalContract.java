package io.agentry.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.agentry.cost.Usage;
import io.agentry.queue.Task;
import io.agentry.queue.TaskQueue;
import io.agentry.queue.TaskRequest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RunJournal} must do: keep a chain's steps in key order with everything they were given, keep the
 * first write of a key, refuse a write whose fence (a task's lease token) no longer holds, and delete by user and by
 * age. A backend's test extends this and supplies a journal and the task queue of the same store, whose leases fence
 * it.
 */
public abstract class RunJournalContract {

    protected static final Duration LEASE = Duration.ofSeconds(30);
    protected final Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
    private String user;

    protected abstract RunJournal journal();

    /** The queue whose leases fence {@link #journal()}'s writes (the same store). */
    protected abstract TaskQueue queue();

    @BeforeEach
    void newUser() {
        user = "user-" + UUID.randomUUID();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static JournalStep.ModelCall modelCall(int iteration, String runId, AiMessage reply, Instant at) {
        return new JournalStep.ModelCall(iteration, runId, reply, new Usage(120, 30, 64, 8), new BigDecimal("0.0001234500"),
                "gpt-4o-mini-2024-07-18", "tool_execution", 812, at);
    }

    private static AiMessage asksFor(String... tools) {
        List<ToolExecutionRequest> requests = new java.util.ArrayList<>();
        for (int i = 0; i < tools.length; i++) {
            requests.add(ToolExecutionRequest.builder().id("call_" + i).name(tools[i]).arguments("{\"n\":" + i + "}").build());
        }
        return AiMessage.from("let me look", requests);
    }

    /** Claims every claimable task (other tests' too: the store may be shared) and returns {@code taskId}'s claim. */
    private Task claimed(String taskId, String owner, Instant now) {
        return queue().claim(owner, 1000, LEASE, now).stream().filter(t -> t.taskId().equals(taskId)).findFirst()
                .orElseThrow();
    }

    private Task runningTask() {
        String taskId = id();
        queue().enqueue(taskId, TaskRequest.builder(user, "journal me").build(), null, null, 2, t0);
        return claimed(taskId, "w1", t0);
    }

    @Test
    void aChainKeepsItsStepsInKeyOrderWithEverythingTheyWereGiven() {
        String chain = id();
        Instant at = t0.truncatedTo(ChronoUnit.MILLIS);
        JournalStep.ModelCall first = modelCall(1, "run-1", asksFor("calculator", "lookup"), at);
        JournalStep.ToolStarted started = new JournalStep.ToolStarted(1, 2, "run-1", "call_1", "lookup", "{\"n\":1}",
                at.plusMillis(1));
        JournalStep.ToolFinished finishedSecond = new JournalStep.ToolFinished(1, 2, "run-1", "call_1", "lookup",
                "{\"n\":1}", "Error: no such row", "no such row", 15, at.plusMillis(20));
        JournalStep.ToolFinished finishedFirst = new JournalStep.ToolFinished(1, 1, "run-1", "call_0", "calculator",
                "{\"n\":0}", "42", null, 3, at.plusMillis(5));
        JournalStep.ModelCall answer = new JournalStep.ModelCall(2, "run-2", AiMessage.from("It is 42."), Usage.of(200, 5),
                null, "gpt-4o-mini-2024-07-18", null, 90, at.plusMillis(30));
        // written out of order, in three writes
        assertThat(journal().append(chain, user, Fence.NONE, List.of(answer))).isTrue();
        assertThat(journal().append(chain, user, Fence.NONE, List.of(finishedSecond, first))).isTrue();
        assertThat(journal().append(chain, user, Fence.NONE, List.of(started, finishedFirst))).isTrue();

        List<JournalStep> steps = journal().steps(chain);

        assertThat(steps).containsExactly(first, finishedFirst, started, finishedSecond, answer);
        JournalStep.ModelCall read = (JournalStep.ModelCall) steps.getFirst();
        assertThat(read.reply().toolExecutionRequests()).extracting(ToolExecutionRequest::name)
                .containsExactly("calculator", "lookup");
        assertThat(read.reply().text()).isEqualTo("let me look");
        assertThat(read.costUsd()).isEqualByComparingTo("0.00012345");
        assertThat(read.isFinalAnswer()).isFalse();
        assertThat(((JournalStep.ModelCall) steps.getLast()).costUsd()).isNull();
        assertThat(journal().steps(id())).isEmpty();
    }

    @Test
    void theFirstWriteOfAStepKeyWins() {
        String chain = id();
        JournalStep.ToolFinished original = new JournalStep.ToolFinished(1, 1, "run-1", "c", "refund", "{}", "refunded", null,
                4, t0);
        JournalStep.ToolFinished again = new JournalStep.ToolFinished(1, 1, "run-2", "c", "refund", "{}", "refunded twice",
                null, 4, t0.plusSeconds(1));

        assertThat(journal().append(chain, user, Fence.NONE, List.of(original))).isTrue();
        assertThat(journal().append(chain, user, Fence.NONE, List.of(again))).isTrue();

        assertThat(journal().steps(chain)).containsExactly(original);
    }

    @Test
    void anAttemptWritesWhileItHoldsItsLeaseAndNeverAfterLosingIt() {
        Task first = runningTask();
        Fence firstFence = new Fence(first.taskId(), first.lease().token());
        JournalStep.ModelCall step1 = modelCall(1, "attempt-1", asksFor("refund"), t0.plusSeconds(1));
        assertThat(journal().append(first.taskId(), user, firstFence, List.of(step1))).isTrue();

        // the lease expires, the janitor gives the task back, another worker claims it
        queue().recoverExpired(t0.plus(LEASE).plusSeconds(1));
        Task second = claimed(first.taskId(), "w2", t0.plus(LEASE).plusSeconds(2));
        JournalStep.ToolStarted stale = new JournalStep.ToolStarted(1, 1, "attempt-1", "call_0", "refund", "{}",
                t0.plus(LEASE).plusSeconds(3));
        assertThat(journal().append(first.taskId(), user, firstFence, List.of(stale))).as("the stale attempt's write").isFalse();
        assertThat(journal().steps(first.taskId())).containsExactly(step1);

        Fence secondFence = new Fence(second.taskId(), second.lease().token());
        JournalStep.ToolStarted current = new JournalStep.ToolStarted(1, 1, "attempt-2", "call_0", "refund", "{}",
                t0.plus(LEASE).plusSeconds(4));
        assertThat(journal().append(second.taskId(), user, secondFence, List.of(current))).isTrue();
        assertThat(journal().steps(second.taskId())).containsExactly(step1, current);

        // once the task has ended, nobody's token writes any more
        queue().finish(second.taskId(), second.lease().token(), io.agentry.run.RunStatus.COMPLETED, "{}", null,
                t0.plus(LEASE).plusSeconds(5));
        JournalStep.ToolFinished late = new JournalStep.ToolFinished(1, 1, "attempt-2", "call_0", "refund", "{}", "ok", null,
                1, t0.plus(LEASE).plusSeconds(6));
        assertThat(journal().append(second.taskId(), user, secondFence, List.of(late))).isFalse();
        assertThat(journal().steps(second.taskId())).containsExactly(step1, current);
    }

    @Test
    void aRefusedWriteWritesNoneOfItsSteps() {
        Task task = runningTask();
        Fence wrong = new Fence(task.taskId(), "not-the-token");

        assertThat(journal().append(task.taskId(), user, wrong, List.of(modelCall(1, "r", asksFor("a"), t0),
                new JournalStep.ToolStarted(1, 1, "r", "call_0", "a", "{}", t0)))).isFalse();
        assertThat(journal().append(task.taskId(), user, new Fence("no-such-task", "x"),
                List.of(modelCall(1, "r", asksFor("a"), t0)))).isFalse();

        assertThat(journal().steps(task.taskId())).isEmpty();
    }

    @Test
    void erasingAUserDeletesTheirChainsOnly() {
        String mine = id();
        String theirs = id();
        journal().append(mine, user, Fence.NONE, List.of(modelCall(1, "r1", AiMessage.from("hi"), t0)));
        journal().append(theirs, "someone-else-" + user, Fence.NONE, List.of(modelCall(1, "r2", AiMessage.from("hi"), t0)));

        assertThat(journal().deleteUser(user)).isEqualTo(1);

        assertThat(journal().steps(mine)).isEmpty();
        assertThat(journal().steps(theirs)).hasSize(1);
    }

    @Test
    void retentionDeletesChainsWhoseLatestStepIsOlderThanTheCutoff() {
        String old = id();
        String stillWritten = id();
        Instant cutoff = t0.plus(Duration.ofDays(7));
        journal().append(old, user, Fence.NONE, List.of(modelCall(1, "r1", asksFor("a"), t0),
                new JournalStep.ToolStarted(1, 1, "r1", "call_0", "a", "{}", t0.plusSeconds(1))));
        journal().append(stillWritten, user, Fence.NONE, List.of(modelCall(1, "r2", asksFor("a"), t0)));
        journal().append(stillWritten, user, Fence.NONE,
                List.of(new JournalStep.ToolStarted(1, 1, "r2", "call_0", "a", "{}", cutoff.plusSeconds(1))));

        assertThat(journal().deleteWrittenBefore(cutoff)).isGreaterThanOrEqualTo(2);

        assertThat(journal().steps(old)).isEmpty();
        assertThat(journal().steps(stillWritten)).hasSize(2);
    }
}
