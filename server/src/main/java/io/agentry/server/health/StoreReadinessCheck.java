package io.agentry.server.health;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The store answers a trivial query. */
@Component
class StoreReadinessCheck implements ReadinessCheck {

    private final JdbcClient jdbc;

    StoreReadinessCheck(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public String check() {
        try {
            jdbc.sql("select 1").query(Integer.class).single();
            return null;
        } catch (RuntimeException e) {
            return "store unreachable";
        }
    }
}
