package io.agentry.server.runs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Group commit: the writes of concurrent callers share one transaction, and each caller returns only after the
 * commit that holds its writes (or with the exception its own writes raised). Durability is unchanged, the cost
 * is not: the embedded store writes a chunk of B-tree pages per commit and PostgreSQL flushes its WAL per commit,
 * so one commit for the dozen runs that finished meanwhile costs about what one run's commit did.
 *
 * <p>There is no timer and no extra thread. A caller queues its unit of work; if no commit is under way it becomes
 * the committer and runs every queued unit, up to {@code maxBatch}, oldest first, in one transaction, then wakes
 * their callers. Callers that arrive meanwhile wait, and are served together by the next commit, which the oldest
 * of them is woken to run. A unit that throws rolls the whole batch back; its units are then run again one
 * transaction each, so a failure is reported to the caller whose unit raised it and to no other. Units must
 * therefore be safe to run again after a rollback (database writes are), must not keep state of their own between
 * attempts, and must throw rather than mark the transaction rollback-only.
 */
final class GroupCommit {

    private final TransactionOperations transactions;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Unit> queued = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committer = new ReentrantLock();

    GroupCommit(TransactionOperations transactions, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.transactions = transactions;
        this.maxBatch = maxBatch;
    }

    /**
     * Runs {@code work} in a transaction shared with other callers' work and returns once it is committed.
     *
     * @throws RuntimeException what {@code work} threw (nothing of it is committed), or what the commit threw
     */
    void execute(Consumer<TransactionStatus> work) {
        Unit unit = new Unit(work);
        queued.add(unit);
        while (!unit.done) {
            if (committer.tryLock()) {
                try {
                    if (!unit.done) {
                        commitQueued();
                    }
                } finally {
                    committer.unlock();
                }
                // whoever queued after this commit took its batch waits to be told to commit the next one
                Unit oldest = queued.peek();
                if (oldest != null) {
                    oldest.wake();
                }
            } else {
                // a commit is under way: it either takes this unit, or its committer wakes the oldest unit's caller
                unit.await();
            }
        }
        if (unit.failure != null) {
            throw unit.failure;
        }
    }

    /** How many callers' units wait for a commit (not counting those of a commit under way). */
    int waiting() {
        return queued.size();
    }

    /** Under the lock: one transaction for up to {@code maxBatch} queued units, oldest first. */
    private void commitQueued() {
        List<Unit> batch = new ArrayList<>(Math.min(maxBatch, 16));
        for (Unit next; batch.size() < maxBatch && (next = queued.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() > 1) {
            try {
                transactions.executeWithoutResult(status -> {
                    batch.forEach(unit -> unit.work.accept(status));
                    if (status.isRollbackOnly()) {
                        throw new IllegalStateException("a unit marked the shared transaction rollback-only");
                    }
                });
                batch.forEach(unit -> unit.finish(null));
                return;
            } catch (RuntimeException batchFailed) {
                // someone's unit (or the commit) failed and nothing was kept: find out whose, one by one
            }
        }
        for (Unit unit : batch) {
            try {
                transactions.executeWithoutResult(unit.work::accept);
                unit.finish(null);
            } catch (RuntimeException e) {
                unit.finish(e);
            }
        }
    }

    private static final class Unit {
        final Consumer<TransactionStatus> work;
        final Semaphore signal = new Semaphore(0);
        volatile boolean done;
        volatile RuntimeException failure;

        Unit(Consumer<TransactionStatus> work) {
            this.work = work;
        }

        void finish(RuntimeException failure) {
            this.failure = failure;
            this.done = true;
            signal.release();
        }

        void wake() {
            signal.release();
        }

        /** Until {@link #finish} or {@link #wake}: a caller interrupted meanwhile still waits for its commit. */
        void await() {
            signal.acquireUninterruptibly();
        }
    }
}
