package io.agentry.server.jdbc;

import static io.agentry.server.jdbc.SqlValues.instant;
import static io.agentry.server.jdbc.SqlValues.utc;

import io.agentry.memory.MemoryItem;
import io.agentry.memory.MemoryStore;
import io.agentry.memory.SearchTerms;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link MemoryStore} on the SQL store. Reads, writes and listings are the same SQL on both vendors;
 * search is not:
 * <ul>
 *   <li>PostgreSQL: a generated {@code tsvector} column ({@code english}: stemming and stop words) with a
 *       GIN index; the query's words are OR-ed into a {@code tsquery} and results ranked by {@code ts_rank}.</li>
 *   <li>H2: an inverted index of each item's words ({@code memory_terms}, written in the item's transaction
 *       from {@link SearchTerms}), ranked by {@link SearchTerms#score}: distinct query words matched, then
 *       their occurrences.</li>
 * </ul>
 * Both satisfy the port's ranking contract; ties go to the most recently updated item.
 */
public final class JdbcMemoryStore implements MemoryStore {

    private static final String COLUMNS = "m.user_id, m.namespace, m.item_key, m.value_json, m.search_text, "
            + "m.created_at, m.updated_at, m.expires_at";
    private static final String LIVE = "(m.expires_at is null or m.expires_at > :now)";
    private static final int WRITE_ATTEMPTS = 3;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final boolean postgres;

    public JdbcMemoryStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.postgres = isPostgres(dataSource);
    }

    @Override
    public Written put(String userId, String namespace, String key, String valueJson, String text, Instant expiresAt,
                       Instant now) {
        // the columns keep microseconds: the item returned is the item stored
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        MemoryItem item = new MemoryItem(userId, namespace, key, valueJson, text, at, at,
                expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS));
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(status -> write(item, at));
            } catch (DuplicateKeyException e) {
                // a concurrent first write of this key committed in between: the next attempt replaces it
                if (attempt == WRITE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Written write(MemoryItem item, Instant now) {
        Optional<MemoryItem> existing = jdbc.sql("select " + COLUMNS + " from memories m "
                        + "where m.user_id = ? and m.namespace = ? and m.item_key = ? for update")
                .params(item.userId(), item.namespace(), item.key())
                .query(JdbcMemoryStore::map).optional();
        boolean created = existing.isEmpty() || !existing.get().isLiveAt(now);
        MemoryItem stored = created ? item : new MemoryItem(item.userId(), item.namespace(), item.key(), item.valueJson(),
                item.text(), existing.get().createdAt(), now, item.expiresAt());
        if (existing.isPresent()) {
            jdbc.sql("""
                            update memories set value_json = ?, search_text = ?, created_at = ?, updated_at = ?, expires_at = ?
                            where user_id = ? and namespace = ? and item_key = ?""")
                    .params(stored.valueJson(), stored.text(), utc(stored.createdAt()), utc(now), utc(stored.expiresAt()),
                            stored.userId(), stored.namespace(), stored.key())
                    .update();
        } else {
            jdbc.sql("""
                            insert into memories (user_id, namespace, item_key, value_json, search_text, created_at,
                              updated_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(stored.userId(), stored.namespace(), stored.key(), stored.valueJson(), stored.text(),
                            utc(now), utc(now), utc(stored.expiresAt()))
                    .update();
        }
        if (!postgres) {
            indexTerms(stored);
        }
        return new Written(stored, created);
    }

    private void indexTerms(MemoryItem item) {
        jdbc.sql("delete from memory_terms where user_id = ? and namespace = ? and item_key = ?")
                .params(item.userId(), item.namespace(), item.key()).update();
        for (Map.Entry<String, Integer> term : SearchTerms.of(item.text()).entrySet()) {
            jdbc.sql("insert into memory_terms (user_id, namespace, item_key, term, occurrences) values (?, ?, ?, ?, ?)")
                    .params(item.userId(), item.namespace(), item.key(), term.getKey(), term.getValue()).update();
        }
    }

    @Override
    public Optional<MemoryItem> get(String userId, String namespace, String key, Instant now) {
        return jdbc.sql("select " + COLUMNS + " from memories m "
                        + "where m.user_id = :user and m.namespace = :namespace and m.item_key = :key and " + LIVE)
                .param("user", userId).param("namespace", namespace).param("key", key).param("now", utc(now))
                .query(JdbcMemoryStore::map).optional();
    }

    @Override
    public boolean delete(String userId, String namespace, String key, Instant now) {
        int live = jdbc.sql("delete from memories m where m.user_id = :user and m.namespace = :namespace "
                        + "and m.item_key = :key and " + LIVE)
                .param("user", userId).param("namespace", namespace).param("key", key).param("now", utc(now))
                .update();
        if (live == 0) {
            // an expired item the purge has not reached yet goes too
            jdbc.sql("delete from memories where user_id = ? and namespace = ? and item_key = ?")
                    .params(userId, namespace, key).update();
        }
        return live > 0;
    }

    @Override
    public List<MemoryItem> list(String userId, String namespace, String afterKey, int limit, Instant now) {
        return jdbc.sql("select " + COLUMNS + " from memories m where m.user_id = :user and m.namespace = :namespace and "
                        + LIVE + (afterKey == null ? "" : " and m.item_key > :after") + " order by m.item_key limit :limit")
                .param("user", userId).param("namespace", namespace).param("now", utc(now)).param("after", afterKey)
                .param("limit", limit)
                .query(JdbcMemoryStore::map).list();
    }

    @Override
    public List<MemoryItem> listUnder(String userId, String prefix, int offset, int limit, Instant now) {
        return jdbc.sql("select " + COLUMNS + " from memories m where m.user_id = :user and " + LIVE + under(prefix)
                        + " order by m.user_id, m.namespace, m.item_key limit :limit offset :offset")
                .param("user", userId).param("now", utc(now)).param("prefix", prefix).param("under", likeUnder(prefix))
                .param("limit", limit).param("offset", offset)
                .query(JdbcMemoryStore::map).list();
    }

    @Override
    public List<String> namespaces(String userId, String prefix, int limit, Instant now) {
        return jdbc.sql("select distinct m.namespace from memories m where m.user_id = :user and " + LIVE + under(prefix)
                        + " order by m.namespace limit :limit")
                .param("user", userId).param("now", utc(now)).param("prefix", prefix).param("under", likeUnder(prefix))
                .param("limit", limit)
                .query((rs, n) -> rs.getString(1)).list();
    }

    /** The condition of {@link MemoryStore#isUnder} ({@code _} and {@code %} escaped: names may hold {@code _}). */
    private static String under(String prefix) {
        return prefix == null ? "" : " and (m.namespace = :prefix or m.namespace like :under escape '!')";
    }

    private static String likeUnder(String prefix) {
        return prefix == null ? null : prefix.replace("!", "!!").replace("_", "!_").replace("%", "!%") + ".%";
    }

    @Override
    public List<Hit> search(String userId, String query, String namespace, int limit, Instant now) {
        List<String> terms = SearchTerms.ofQuery(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        return postgres ? searchPostgres(userId, terms, namespace, limit, now) : searchTermIndex(userId, terms, namespace, limit, now);
    }

    /** Words are letters and digits only, so joining them with {@code |} is a valid tsquery of their union. */
    private List<Hit> searchPostgres(String userId, List<String> terms, String namespace, int limit, Instant now) {
        return jdbc.sql("select " + COLUMNS + ", ts_rank(m.search_vector, q) as score "
                        + "from memories m, to_tsquery('english', :query) q "
                        + "where m.user_id = :user and m.search_vector @@ q and " + LIVE
                        + (namespace == null ? "" : " and m.namespace = :namespace")
                        + " order by score desc, m.updated_at desc, m.namespace, m.item_key limit :limit")
                .param("query", String.join(" | ", terms)).param("user", userId).param("now", utc(now))
                .param("namespace", namespace).param("limit", limit)
                .query((rs, row) -> new Hit(map(rs, row), rs.getDouble("score")))
                .list();
    }

    private List<Hit> searchTermIndex(String userId, List<String> terms, String namespace, int limit, Instant now) {
        return jdbc.sql("select " + COLUMNS + ", t.matched, t.occurrences from ("
                        + "select namespace, item_key, count(*) as matched, sum(occurrences) as occurrences "
                        + "from memory_terms where user_id = :user and term in (:terms)"
                        + (namespace == null ? "" : " and namespace = :namespace")
                        + " group by namespace, item_key) t "
                        + "join memories m on m.user_id = :user and m.namespace = t.namespace and m.item_key = t.item_key "
                        + "where " + LIVE
                        + " order by t.matched desc, t.occurrences desc, m.updated_at desc, m.namespace, m.item_key limit :limit")
                .param("user", userId).param("terms", terms).param("namespace", namespace).param("now", utc(now))
                .param("limit", limit)
                .query((rs, row) -> new Hit(map(rs, row), SearchTerms.score(rs.getInt("matched"), rs.getLong("occurrences"))))
                .list();
    }

    @Override
    public int deleteExpired(Instant now) {
        return jdbc.sql("delete from memories where expires_at <= ?").param(utc(now)).update();
    }

    /** Through the primary key's (user_id, ...) prefix; H2's search terms go with their items (on delete cascade). */
    @Override
    public int deleteUser(String userId) {
        return jdbc.sql("delete from memories where user_id = ?").param(userId).update();
    }

    private static MemoryItem map(ResultSet rs, int row) throws SQLException {
        return new MemoryItem(rs.getString("user_id"), rs.getString("namespace"), rs.getString("item_key"),
                rs.getString("value_json"), rs.getString("search_text"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "expires_at"));
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database the store is: " + e.getMessage(), e);
        }
    }
}
