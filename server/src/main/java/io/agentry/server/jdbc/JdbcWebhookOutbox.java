package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.instant;
import static io.agentry.server.jdbc.SqlValues.utc;

import io.agentry.queue.TaskOutbox;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link TaskOutbox} on the {@code webhook_deliveries} table, whose rows go with their task ({@code on delete
 * cascade}). Rows are added only by {@link JdbcTaskQueue}'s moves to a final status, in their transaction.
 */
final class JdbcWebhookOutbox implements TaskOutbox {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    JdbcWebhookOutbox(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /**
     * Adds the delivery of a task that has just ended at {@code now}, if it has a webhook; called inside the
     * transaction that ended it.
     */
    void add(String taskId, Instant now) {
        jdbc.sql("""
                        insert into webhook_deliveries (delivery_id, task_id, url, status, attempts, next_attempt_at, created_at)
                        select ?, task_id, webhook_url, 'pending', 0, ?, ? from tasks
                        where task_id = ? and webhook_url is not null""")
                .params(UUID.randomUUID().toString(), utc(now), utc(now), taskId).update();
    }

    @Override
    public List<Delivery> claimDue(int max, Instant now, Instant claimUntil) {
        return tx.execute(status -> {
            List<Delivery> due = jdbc.sql("""
                            select delivery_id, task_id, url, attempts, created_at from webhook_deliveries
                            where status = 'pending' and next_attempt_at <= ?
                            order by next_attempt_at limit ? for update skip locked""")
                    .params(utc(now), max)
                    .query((rs, n) -> new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            instant(rs, 5)))
                    .list();
            for (Delivery d : due) {
                jdbc.sql("update webhook_deliveries set next_attempt_at = ?, attempts = attempts + 1 where delivery_id = ?")
                        .params(utc(claimUntil), d.deliveryId()).update();
            }
            return due.stream().map(d -> new Delivery(d.deliveryId(), d.taskId(), d.url(), d.attempts() + 1, d.createdAt()))
                    .toList();
        });
    }

    @Override
    public void delivered(String deliveryId, Instant now) {
        jdbc.sql("update webhook_deliveries set status = 'delivered', delivered_at = ?, last_error = null where delivery_id = ?")
                .params(utc(now), deliveryId).update();
    }

    @Override
    public void retryAt(String deliveryId, Instant nextAttempt, String error) {
        jdbc.sql("update webhook_deliveries set next_attempt_at = ?, last_error = ? where delivery_id = ?")
                .params(utc(nextAttempt), truncate(error), deliveryId).update();
    }

    @Override
    public void giveUp(String deliveryId, String error) {
        jdbc.sql("update webhook_deliveries set status = 'failed', last_error = ? where delivery_id = ?")
                .params(truncate(error), deliveryId).update();
    }

    private static String truncate(String error) {
        return SqlValues.truncate(error, 500);
    }
}
