package io.agentry.server.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Fresh, migrated databases for tests: an in-memory H2 one, or a PostgreSQL database of its own on the
 * local server (127.0.0.1:5432, user postgres; override with AGENTRY_TEST_PG_URL / _USER), dropped
 * again when closed.
 */
public final class TestDatabases {

    public static final String PG_ADMIN_URL = env("AGENTRY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String PG_USER = env("AGENTRY_TEST_PG_USER", "postgres");

    private TestDatabases() {
    }

    public static String h2Url() {
        return "jdbc:h2:mem:test-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
    }

    public static DataSource h2() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(h2Url());
        config.setMaximumPoolSize(8);
        HikariDataSource dataSource = new HikariDataSource(config);
        migrate(dataSource, "h2");
        return dataSource;
    }

    /** A new PostgreSQL database, migrated; close it to drop it. */
    public static PostgresDatabase postgres() {
        String name = "agentry_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        execute("create database " + name);
        String url = PG_ADMIN_URL.substring(0, PG_ADMIN_URL.lastIndexOf('/') + 1) + name;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(PG_USER);
        config.setMaximumPoolSize(8);
        HikariDataSource dataSource = new HikariDataSource(config);
        migrate(dataSource, "postgresql");
        return new PostgresDatabase(name, url, dataSource);
    }

    /** A PostgreSQL database created for one test class; {@link #close()} drops it. */
    public record PostgresDatabase(String name, String url, HikariDataSource dataSource) implements AutoCloseable {
        @Override
        public void close() {
            dataSource.close();
            execute("drop database if exists " + name + " with (force)");
        }
    }

    static void migrate(DataSource dataSource, String vendor) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + vendor).load().migrate();
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, null); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG_ADMIN_URL + " is needed for this test: " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
