package io.agentry.server.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

class H2WriteDelayTest {

    private static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;"
            + "DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=65536";

    @TempDir
    Path dir;

    @Test
    void aFileDatabaseGetsNoWriteDelay() {
        assertThat(H2WriteDelay.durable("jdbc:h2:file:./data/agentry" + OPTIONS))
                .isEqualTo("jdbc:h2:file:./data/agentry" + OPTIONS + ";WRITE_DELAY=0");
        assertThat(H2WriteDelay.durable("jdbc:h2:./data/agentry")).isEqualTo("jdbc:h2:./data/agentry;WRITE_DELAY=0");
        assertThat(H2WriteDelay.durable("jdbc:h2:~/agentry")).isEqualTo("jdbc:h2:~/agentry;WRITE_DELAY=0");
        assertThat(H2WriteDelay.durable("JDBC:H2:/var/lib/agentry/db;MODE=PostgreSQL"))
                .isEqualTo("JDBC:H2:/var/lib/agentry/db;MODE=PostgreSQL;WRITE_DELAY=0");
        assertThat(H2WriteDelay.durable("jdbc:h2:tcp://db.internal/agentry"))
                .isEqualTo("jdbc:h2:tcp://db.internal/agentry;WRITE_DELAY=0");
    }

    @Test
    void anotherWriteDelayIsReplacedNotRepeated() {
        // H2 refuses a URL that gives one setting two values
        assertThat(H2WriteDelay.durable("jdbc:h2:./db;WRITE_DELAY=500;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:./db;WRITE_DELAY=0;MODE=PostgreSQL");
        assertThat(H2WriteDelay.durable("jdbc:h2:./db;MODE=PostgreSQL;write_delay=2000"))
                .isEqualTo("jdbc:h2:./db;MODE=PostgreSQL;WRITE_DELAY=0");
        assertThat(H2WriteDelay.durable("jdbc:h2:./db;WRITE_DELAY=0")).isEqualTo("jdbc:h2:./db;WRITE_DELAY=0");
    }

    @Test
    void anEscapedSeparatorStaysInsideItsSetting() {
        String url = "jdbc:h2:./db;INIT=SET WRITE_DELAY=100\\;SET MODE PostgreSQL;MODE=PostgreSQL";
        assertThat(H2WriteDelay.durable(url)).isEqualTo(url + ";WRITE_DELAY=0");
    }

    @Test
    void otherDatabasesAreLeftAlone() {
        for (String url : new String[] {"jdbc:h2:mem:test;DB_CLOSE_DELAY=-1", "jdbc:h2:mem:",
                "jdbc:h2:tcp://localhost/mem:shared", "jdbc:h2:.", "jdbc:postgresql://127.0.0.1:5432/agentry", null}) {
            assertThat(H2WriteDelay.durable(url)).isEqualTo(url);
        }
    }

    @Test
    void thePoolOpensTheFileWithoutWriteDelay() {
        try (HikariDataSource adjusted = pool("jdbc:h2:file:" + dir.resolve("adjusted") + OPTIONS, true);
             HikariDataSource asGiven = pool("jdbc:h2:file:" + dir.resolve("as-given") + OPTIONS, false)) {
            assertThat(writeDelay(adjusted)).isEqualTo("0");
            assertThat(writeDelay(asGiven)).as("H2's default").isEqualTo("500");
        }
    }

    /**
     * What a process killed right after a commit leaves: the file as the operating system has it, copied while
     * the database is open (not closed: closing writes everything anyway), then opened.
     */
    @Test
    void everyCommitIsInTheFileWhenItReturns() throws Exception {
        Path live = dir.resolve("live");
        try (HikariDataSource pool = pool("jdbc:h2:file:" + live + OPTIONS, true)) {
            JdbcClient jdbc = JdbcClient.create(pool);
            jdbc.sql("create table t (id int primary key)").update();
            for (int i = 0; i < 20; i++) {
                jdbc.sql("insert into t values (?)").param(i).update();
                Path copy = dir.resolve("copy-" + i);
                Files.copy(dir.resolve("live.mv.db"), dir.resolve("copy-" + i + ".mv.db"));
                try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy + OPTIONS)) {
                    var rs = c.createStatement().executeQuery("select count(*) from t");
                    rs.next();
                    assertThat(rs.getInt(1)).as("rows in the file after commit %d", i).isEqualTo(i + 1);
                }
            }
        }
    }

    private static HikariDataSource pool(String url, boolean adjusted) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setMaximumPoolSize(2);
        return adjusted ? (HikariDataSource) new H2WriteDelay().postProcessAfterInitialization(pool, "dataSource") : pool;
    }

    private static String writeDelay(HikariDataSource pool) {
        return JdbcClient.create(pool).sql("select setting_value from information_schema.settings where setting_name = ?")
                .param("WRITE_DELAY").query(String.class).single();
    }
}
