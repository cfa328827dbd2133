package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/** Group commit on a real (in-memory H2) database: shared commits, and each caller told only of its own failure. */
class GroupCommitTest {

    private SingleConnectionDataSource dataSource;
    private JdbcClient jdbc;
    private CountingTransactions transactions;
    private ExecutorService callers;

    @BeforeEach
    void database() {
        dataSource = new SingleConnectionDataSource("jdbc:h2:mem:group-commit-" + System.nanoTime(), true);
        dataSource.setAutoCommit(false);
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("create table turns (id int primary key)").update();
        transactions = new CountingTransactions(dataSource);
        callers = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        dataSource.destroy();
    }

    @Test
    void callersArrivingDuringACommitShareTheNextOne() throws Exception {
        GroupCommit commits = new GroupCommit(transactions, 64);
        BlockedCommit first = new BlockedCommit(commits, 0);
        List<Future<?>> others = queue(commits, 1, 20);
        first.releaseAndAwait(others);

        assertThat(rows()).isEqualTo(21);
        // the first commit, then one for the twenty that queued behind it
        assertThat(transactions.committed.get()).isEqualTo(2);
    }

    @Test
    void aBatchNeverExceedsItsBound() throws Exception {
        GroupCommit commits = new GroupCommit(transactions, 8);
        BlockedCommit first = new BlockedCommit(commits, 0);
        List<Future<?>> others = queue(commits, 1, 20);
        first.releaseAndAwait(others);

        assertThat(rows()).isEqualTo(21);
        // 1, then 8 + 8 + 4
        assertThat(transactions.committed.get()).isEqualTo(4);
    }

    @Test
    void aFailingUnitFailsItsOwnCallerOnlyAndKeepsNothingOfItsOwn() throws Exception {
        GroupCommit commits = new GroupCommit(transactions, 64);
        BlockedCommit first = new BlockedCommit(commits, 100);
        List<Future<?>> good = queue(commits, 1, 5);
        // writes one row, then collides with the first caller's row: neither of its writes may be kept
        Future<?> bad = callers.submit(() -> commits.execute(status -> {
            insert(50);
            insert(100);
        }));
        waitUntilQueued(commits, 6);
        first.releaseAndAwait(good);

        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.sql("select id from turns order by id").query(Integer.class).list())
                .containsExactly(1, 2, 3, 4, 5, 100);
    }

    @Test
    void aLoneCallerCommitsAtOnce() {
        GroupCommit commits = new GroupCommit(transactions, 64);
        commits.execute(status -> insert(1));
        assertThat(rows()).isEqualTo(1);
        assertThat(transactions.committed.get()).isEqualTo(1);
        assertThatThrownBy(() -> commits.execute(status -> insert(1))).isInstanceOf(DuplicateKeyException.class);
        commits.execute(status -> insert(2));
        assertThat(rows()).isEqualTo(2);
    }

    /** Queues callers inserting ids {@code from}..{@code to} behind the commit under way, and waits until they wait. */
    private List<Future<?>> queue(GroupCommit commits, int from, int to) throws InterruptedException {
        List<Future<?>> queued = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            int id = i;
            queued.add(callers.submit(() -> commits.execute(status -> insert(id))));
        }
        waitUntilQueued(commits, to - from + 1);
        return queued;
    }

    /** A first caller whose unit (inserting {@code id}) holds its commit open until released. */
    private final class BlockedCommit {
        private final CountDownLatch release = new CountDownLatch(1);
        private final Future<?> caller;

        BlockedCommit(GroupCommit commits, int id) throws InterruptedException {
            CountDownLatch started = new CountDownLatch(1);
            caller = callers.submit(() -> commits.execute(status -> {
                insert(id);
                started.countDown();
                await(release);
            }));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        }

        void releaseAndAwait(List<Future<?>> others) throws Exception {
            release.countDown();
            caller.get(10, TimeUnit.SECONDS);
            for (Future<?> other : others) {
                other.get(10, TimeUnit.SECONDS);
            }
        }
    }

    private void insert(int id) {
        jdbc.sql("insert into turns (id) values (?)").param(id).update();
    }

    private int rows() {
        return jdbc.sql("select count(*) from turns").query(Integer.class).single();
    }

    private static void waitUntilQueued(GroupCommit commits, int callers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (commits.waiting() < callers && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(commits.waiting()).isEqualTo(callers);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Spring's transaction template, counting the transactions that committed. */
    private static final class CountingTransactions implements TransactionOperations {
        final AtomicInteger committed = new AtomicInteger();
        private final TransactionTemplate template;

        CountingTransactions(DataSource dataSource) {
            this.template = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        }

        @Override
        public <T> T execute(org.springframework.transaction.support.TransactionCallback<T> action) {
            T result = template.execute(action);
            committed.incrementAndGet();
            return result;
        }
    }
}
