package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.utc;

import io.agentry.run.RunStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one place where the status of a task row changes. A move names the statuses it may find and the one it
 * writes; each of those sources is checked against {@link RunStatus}'s table before any SQL is sent (a move the
 * table forbids is a bug: {@link IllegalStateException}), and the update is guarded by them, so a row in any
 * other status (an ended task, above all) is left as it is, whatever else the caller's condition says. A move
 * to a final status writes the task's webhook delivery in the same transaction.
 */
final class TaskMoves {

    /** What a move leaves of the lease: none, once the task is no longer running. */
    static final String NO_LEASE = "lease_owner = null, lease_token = null, lease_expires_at = null";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final JdbcWebhookOutbox outbox;

    TaskMoves(JdbcClient jdbc, TransactionTemplate tx, JdbcWebhookOutbox outbox) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.outbox = outbox;
    }

    /**
     * Moves the task {@code taskId} from one of {@code from} to {@code to}, setting {@code assignments} too, if
     * {@code condition} (or null) holds; a move to a final status adds the task's webhook delivery, dated
     * {@code now}. {@code params} are the named parameters of both, as name, value pairs.
     *
     * @return whether the task moved
     */
    boolean moveOne(String taskId, Set<RunStatus> from, RunStatus to, String assignments, String condition,
                    Instant now, Object... params) {
        String sql = update(from, to, assignments, "task_id = :task_id", condition);
        Map<String, Object> named = named(params);
        named.put("task_id", taskId);
        Boolean moved = tx.execute(status -> {
            boolean one = jdbc.sql(sql).params(named).update() == 1;
            if (one && to.isTerminal()) {
                outbox.add(taskId, now);
            }
            return one;
        });
        return Boolean.TRUE.equals(moved);
    }

    /**
     * Moves every task of {@code taskIds} that is in one of {@code from} to {@code to} (never a final status: a
     * batch does not say which of its tasks moved, and so whose delivery to write).
     *
     * @return how many moved
     */
    int moveAll(List<String> taskIds, Set<RunStatus> from, RunStatus to, String assignments, Object... params) {
        if (to.isTerminal()) {
            throw new IllegalArgumentException("tasks end one at a time, not in a batch: " + to);
        }
        Map<String, Object> named = named(params);
        named.put("task_ids", taskIds);
        return jdbc.sql(update(from, to, assignments, "task_id in (:task_ids)", null)).params(named).update();
    }

    private static String update(Set<RunStatus> from, RunStatus to, String assignments, String rows, String condition) {
        if (from.isEmpty()) {
            throw new IllegalArgumentException("a move needs the statuses it moves from");
        }
        from.forEach(source -> source.checkTransitionTo(to));
        return "update tasks set status = '" + to.wireName() + "'" + (assignments == null ? "" : ", " + assignments)
                + " where " + rows + " and " + statusIn(from) + (condition == null ? "" : " and (" + condition + ")");
    }

    /**
     * The SQL condition that a task's status is one of {@code statuses}, as literals (the names are the enum's
     * own, so nothing can be injected, and planners see constants, as they did with the literals written out).
     */
    static String statusIn(Set<RunStatus> statuses) {
        if (statuses.size() == 1) {
            return "status = '" + statuses.iterator().next().wireName() + "'";
        }
        return statuses.stream().map(s -> "'" + s.wireName() + "'").collect(Collectors.joining(", ", "status in (", ")"));
    }

    static String statusIn(RunStatus status) {
        return statusIn(Set.of(status));
    }

    /** Name, value pairs as a map that, unlike {@link Map#of}, takes null values; times are bound in UTC. */
    private static Map<String, Object> named(Object... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in name, value pairs");
        }
        Map<String, Object> named = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            named.put((String) pairs[i], value instanceof Instant instant ? utc(instant) : value);
        }
        return named;
    }
}
