package io.agentry.server.jdbc;

import io.agentry.cost.Usage;
import io.agentry.store.RunRecord;
import io.agentry.store.UsageLedger;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link UsageLedger} on the SQL store's {@code runs} table (H2 embedded or PostgreSQL; same SQL for both).
 * Aggregates in the database, using the {@code (user_id, created_at)}, {@code (created_at)} and
 * {@code (agent, created_at)} and {@code (schedule_id, created_at)} indexes.
 */
public final class JdbcUsageLedger implements UsageLedger {

    private final JdbcClient jdbc;

    public JdbcUsageLedger(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public List<UsageLine> usage(UsageQuery query) {
        String key = switch (query.groupBy()) {
            case USER -> "user_id";
            case DAY -> "to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')";
            case HOUR -> "to_char(created_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24')";
            case MODEL -> "model";
            case AGENT -> "agent";
            case SCHEDULE -> "schedule_id";
        };
        List<Object> params = new ArrayList<>(List.of(SqlValues.utc(query.from()), SqlValues.utc(query.to())));
        if (query.userId() != null) {
            params.add(query.userId());
        }
        if (query.scheduleId() != null) {
            params.add(query.scheduleId());
        }
        return jdbc.sql("select " + key + " as k, count(*) as runs, sum(input_tokens) as input_tokens, "
                        + "sum(output_tokens) as output_tokens, sum(cache_read_tokens) as cache_read_tokens, "
                        + "sum(cache_write_tokens) as cache_write_tokens, sum(cost_usd) as cost_usd, "
                        + "sum(case when cost_usd is null then 1 else 0 end) as unpriced, "
                        + "sum(case when status = 'failed' then 1 else 0 end) as failed, "
                        // nearest rank, as UsageLedger.percentile: a latency some run of the group had
                        + "percentile_disc(0.5) within group (order by latency_ms) as p50, "
                        + "percentile_disc(0.95) within group (order by latency_ms) as p95 "
                        + "from runs where created_at >= ? and created_at < ?"
                        + (query.userId() == null ? "" : " and user_id = ?")
                        + (query.scheduleId() == null ? "" : " and schedule_id = ?")
                        + " group by " + key + " order by k")
                .params(params)
                .query((rs, row) -> {
                    BigDecimal cost = rs.getBigDecimal("cost_usd");
                    return new UsageLine(rs.getString("k"), rs.getLong("runs"),
                            new Usage(rs.getLong("input_tokens"), rs.getLong("output_tokens"),
                                    rs.getLong("cache_read_tokens"), rs.getLong("cache_write_tokens")),
                            cost == null ? BigDecimal.ZERO : cost, rs.getLong("unpriced"), rs.getLong("failed"),
                            rs.getLong("p50"), rs.getLong("p95"));
                })
                .list();
    }

    @Override
    public List<RunRecord> recentRuns(String agent, int limit) {
        return jdbc.sql("select " + JdbcRunStore.COLUMNS + " from runs where agent = ? and finished_at is not null "
                        // the whole (agent, created_at) index in the order: only then does H2 walk it instead of
                        // reading every run of the agent and sorting them
                        + "and status <> 'cancelled' order by agent desc, created_at desc limit ?")
                .params(agent, limit)
                .query(JdbcRunStore::map)
                .list();
    }
}
