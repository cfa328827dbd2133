package io.agentry.langgraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.langgraph.LangGraphRun.Dispatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ThreadStore} must do: keep threads per user with their metadata, page them newest first, keep
 * each thread's runs, find the due waiting runs, and let exactly one caller move a run. A backend's test extends
 * this, supplies a store and empties it before each test.
 */
public abstract class ThreadStoreContract {

    protected abstract ThreadStore store();

    /** Removes every thread and run, so each test starts from an empty store. */
    protected abstract void emptyStore();

    private final Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
    private String user;

    @BeforeEach
    void emptyStoreAndNewUser() {
        emptyStore();
        user = "user-" + UUID.randomUUID();
    }

    private LangGraphThread thread(String user, Instant createdAt) {
        LangGraphThread thread = new LangGraphThread(UUID.randomUUID().toString(), user, "{\"topic\":\"maths\"}",
                createdAt, createdAt);
        assertThat(store().create(thread)).isTrue();
        return thread;
    }

    private LangGraphRun run(LangGraphThread thread, Instant createdAt, Instant notBefore, Dispatch dispatch) {
        LangGraphRun run = new LangGraphRun(UUID.randomUUID().toString(), thread.threadId(), thread.userId(), "asst-1",
                "default", "What is 2+2?", "{\"source\":\"test\"}", "enqueue", false, "https://hooks.example.com/x",
                "service", createdAt, notBefore, dispatch, "values,updates");
        store().addRun(run);
        return run;
    }

    @Test
    void aThreadReadsBackAsCreatedAndASecondCreateOfItsIdChangesNothing() {
        LangGraphThread thread = thread(user, t0);
        assertThat(store().find(thread.threadId())).contains(thread);
        LangGraphThread other = new LangGraphThread(thread.threadId(), "someone-else", "{}", t0.plusSeconds(5), t0.plusSeconds(5));
        assertThat(store().create(other)).isFalse();
        assertThat(store().find(thread.threadId())).contains(thread);
        assertThat(store().find("no-such-thread")).isEmpty();
    }

    @Test
    void metadataIsReplacedAndTheUpdateTimeMoves() {
        LangGraphThread thread = thread(user, t0);
        assertThat(store().updateMetadata(thread.threadId(), "{\"topic\":\"art\"}", t0.plusSeconds(60))).hasValueSatisfying(t -> {
            assertThat(t.metadataJson()).isEqualTo("{\"topic\":\"art\"}");
            assertThat(t.createdAt()).isEqualTo(t0);
            assertThat(t.updatedAt()).isEqualTo(t0.plusSeconds(60));
        });
        assertThat(store().find(thread.threadId()).orElseThrow().metadataJson()).isEqualTo("{\"topic\":\"art\"}");
        assertThat(store().updateMetadata("no-such-thread", "{}", t0)).isEmpty();
    }

    @Test
    void threadsAreListedPerUserNewestFirstWithOffsetAndLimit() {
        LangGraphThread first = thread(user, t0);
        LangGraphThread second = thread(user, t0.plusSeconds(1));
        LangGraphThread third = thread(user, t0.plusSeconds(2));
        thread("other-" + user, t0.plusSeconds(3));
        assertThat(store().list(user, 0, 10)).containsExactly(third, second, first);
        assertThat(store().list(user, 1, 1)).containsExactly(second);
        assertThat(store().list(user, 3, 10)).isEmpty();
    }

    @Test
    void deletingAThreadDeletesItsRuns() {
        LangGraphThread thread = thread(user, t0);
        LangGraphRun run = run(thread, t0, t0, Dispatch.SUBMITTED);
        LangGraphThread kept = thread(user, t0);
        LangGraphRun keptRun = run(kept, t0, t0, Dispatch.SUBMITTED);
        assertThat(store().delete(thread.threadId())).isTrue();
        assertThat(store().delete(thread.threadId())).isFalse();
        assertThat(store().find(thread.threadId())).isEmpty();
        assertThat(store().findRun(run.runId())).isEmpty();
        assertThat(store().findRun(keptRun.runId())).contains(keptRun);
    }

    @Test
    void runsReadBackAndAreListedPerThreadNewestFirst() {
        LangGraphThread thread = thread(user, t0);
        LangGraphRun first = run(thread, t0, t0, Dispatch.SUBMITTED);
        LangGraphRun second = run(thread, t0.plusSeconds(1), t0.plusSeconds(1), Dispatch.WAITING);
        run(thread(user, t0), t0.plusSeconds(2), t0, Dispatch.SUBMITTED);
        assertThat(store().findRun(first.runId())).contains(first);
        assertThat(store().runs(thread.threadId(), 0, 10)).containsExactly(second, first);
        assertThat(store().runs(thread.threadId(), 1, 10)).containsExactly(first);
        assertThat(store().deleteRun(first.runId())).isTrue();
        assertThat(store().deleteRun(first.runId())).isFalse();
        assertThat(store().runs(thread.threadId(), 0, 10)).containsExactly(second);
    }

    @Test
    void dueRunsAreTheWaitingOnesWhoseTimeHasComeAndTheInterruptedOnesOldestFirst() {
        LangGraphThread thread = thread(user, t0);
        LangGraphRun later = run(thread, t0.plusSeconds(2), t0.plusSeconds(1), Dispatch.WAITING);
        LangGraphRun earlier = run(thread, t0, t0, Dispatch.WAITING);
        LangGraphRun interrupted = run(thread, t0.plusSeconds(1), t0.plusSeconds(100), Dispatch.INTERRUPTED);
        run(thread, t0, t0.plusSeconds(100), Dispatch.WAITING);
        run(thread, t0, t0, Dispatch.SUBMITTED);
        run(thread, t0, t0, Dispatch.CANCELLED);
        assertThat(store().due(t0.plusSeconds(1), 10)).containsExactly(earlier, interrupted, later);
        assertThat(store().due(t0.plusSeconds(1), 1)).containsExactly(earlier);
        assertThat(store().due(t0.minusSeconds(1), 10)).containsExactly(interrupted);
    }

    @Test
    void ofConcurrentMovesOfARunExactlyOneWins() throws Exception {
        LangGraphRun run = run(thread(user, t0), t0, t0, Dispatch.WAITING);
        List<Callable<Boolean>> moves = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            moves.add(() -> store().moveRun(run.runId(), Dispatch.WAITING, Dispatch.SUBMITTED));
        }
        int wins = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> move : pool.invokeAll(moves)) {
                wins += move.get() ? 1 : 0;
            }
        }
        assertThat(wins).isEqualTo(1);
        assertThat(store().findRun(run.runId()).orElseThrow().dispatch()).isEqualTo(Dispatch.SUBMITTED);
        assertThat(store().moveRun(run.runId(), Dispatch.WAITING, Dispatch.CANCELLED)).isFalse();
        assertThat(store().moveRun("no-such-run", Dispatch.WAITING, Dispatch.CANCELLED)).isFalse();
    }

    private LangGraphCron cron(String user, Instant at, String threadId) {
        LangGraphCron cron = new LangGraphCron(UUID.randomUUID().toString(), user, "asst-1", threadId, "0 9 * * *",
                "{\"input\":{}}", "{\"tag\":\"t\"}", at.plusSeconds(3600), at, at);
        store().addCron(cron);
        return cron;
    }

    @Test
    void cronsReadBackChangeAndAreListedPerUserOldestFirst() {
        LangGraphCron first = cron(user, t0, "thread-1");
        LangGraphCron second = cron(user, t0.plusSeconds(1), null);
        cron("other-" + user, t0, null);
        assertThat(store().findCron(first.cronId())).contains(first);
        assertThat(store().crons(user, 0, 10)).containsExactly(first, second);
        assertThat(store().crons(user, 1, 10)).containsExactly(second);
        LangGraphCron changed = new LangGraphCron(first.cronId(), "ignored", "asst-2", "thread-1", "15 10 * * *", "{}",
                "{}", null, t0.plusSeconds(50), t0.plusSeconds(60));
        assertThat(store().updateCron(changed)).isTrue();
        assertThat(store().findCron(first.cronId())).contains(new LangGraphCron(first.cronId(), user, "asst-2", "thread-1",
                "15 10 * * *", "{}", "{}", null, t0, t0.plusSeconds(60)));
        assertThat(store().deleteCron(first.cronId())).isTrue();
        assertThat(store().deleteCron(first.cronId())).isFalse();
        assertThat(store().updateCron(changed)).isFalse();
        assertThat(store().findCron(first.cronId())).isEmpty();
    }

    @Test
    void erasingAUserDeletesTheirThreadsAndRunsOnly() {
        LangGraphThread thread = thread(user, t0);
        LangGraphRun run = run(thread, t0, t0, Dispatch.WAITING);
        LangGraphThread other = thread("other-" + user, t0);
        LangGraphCron cron = cron(user, t0, thread.threadId());
        assertThat(store().deleteUser(user)).isEqualTo(1);
        assertThat(store().findCron(cron.cronId())).isEmpty();
        assertThat(store().find(thread.threadId())).isEmpty();
        assertThat(store().findRun(run.runId())).isEmpty();
        assertThat(store().find(other.threadId())).contains(other);
    }
}
