package io.agentry.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.memory.MemoryStore;
import io.agentry.memory.MemoryStoreContract;
import io.agentry.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresMemoryStoreTest extends MemoryStoreContract {

    private static TestDatabases.PostgresDatabase db;
    private static MemoryStore store;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabases.postgres();
        store = new JdbcMemoryStore(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Override
    protected MemoryStore store() {
        return store;
    }

    @Override
    protected void emptyStore() {
        JdbcClient.create(db.dataSource()).sql("delete from memories").update();
    }

    @Test
    void postgresAlsoMatchesEnglishWordStems() {
        java.time.Instant now = java.time.Instant.parse("2026-11-27T10:00:00Z");
        store.put("stemmer", "notes", "run", "\"x\"", "I went running in the park", null, now);

        assertThat(store.search("stemmer", "runs", null, 10, now)).extracting(h -> h.item().key()).containsExactly("run");
    }

    @Test
    void searchCanUseTheGinIndex() throws Exception {
        StringBuilder plan = new StringBuilder();
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            // a near-empty table is cheaper to scan: forbid that to see that the index serves the query
            s.execute("set enable_seqscan = off");
            try (java.sql.ResultSet rs = s.executeQuery("explain select item_key from memories m, "
                    + "to_tsquery('english', 'blue | colour') q where m.search_vector @@ q")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            s.execute("reset enable_seqscan");
        }
        assertThat(plan.toString()).contains("memories_search");
    }
}
