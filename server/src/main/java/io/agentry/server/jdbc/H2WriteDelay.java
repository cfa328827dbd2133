package io.agentry.server.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes an answer mean "on disk" on H2 as it does on PostgreSQL: every H2 database that is not in memory is
 * opened with {@code WRITE_DELAY=0}, whatever URL the user gave.
 *
 * <p>Why: H2's MVStore keeps committed transactions in memory and a background thread writes them to the file
 * once the write delay has passed since its last write (500 ms by default), so a process killed within that
 * time loses commits whose answers (202 for a task, 200 for a run) were already sent. With a delay of 0 there is
 * no background writer: the commit of every transaction that changed something writes a new chunk to the file
 * before it returns ({@code TransactionStore.endTransaction} calls {@code MVStore.commit()}), so the answer that
 * follows a commit leaves after the write. The write goes to the operating system; H2 does not fsync it (only
 * {@code CHECKPOINT SYNC} does), so it survives the death of the process, not necessarily an OS crash or a
 * power cut, after which H2 opens at its last complete chunk on disk.
 *
 * <p>How: the setting is put in the JDBC URL of the pool (Hikari, Spring Boot's default) before it connects,
 * replacing any other value; in the URL it applies each time H2 opens the file, also if the database closes and
 * opens again while this process runs, which a {@code SET WRITE_DELAY} at start-up would not survive. Connecting
 * then takes admin rights, as the default URL's {@code MAX_LENGTH_INPLACE_LOB} already does.
 *
 * <p>The cost: a write per commit instead of one per half second, and a larger file under sustained writes: each
 * commit's chunk keeps its space for H2's retention time (45 s) before it can be reused, and with no background
 * writer there is no background compaction either (measured in BENCHMARKS.md, "Durable commits on H2").
 * {@code RETENTION_TIME} stays as it is: it is what keeps the file consistent after an OS crash.
 */
final class H2WriteDelay implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(H2WriteDelay.class);
    private static final String PREFIX = "jdbc:h2:";
    private static final String SETTING = "WRITE_DELAY";

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        // after binding (spring.datasource.hikari.* may set the URL too) and before the pool's first connection
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            String url = pool.getJdbcUrl();
            String durable = durable(url);
            if (!durable.equals(url)) {
                pool.setJdbcUrl(durable);
            }
        }
        return bean;
    }

    /**
     * The URL with {@code WRITE_DELAY=0} for an H2 database that is not in memory (a file, or one an H2 server
     * holds in a file); any other URL, an H2 server's in-memory database ({@code tcp://host/mem:x}) included, as it is. A different write delay in the URL is replaced, with a warning.
     */
    static String durable(String url) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return url;
        }
        int settingsStart = url.indexOf(';');
        String database = settingsStart < 0 ? url.substring(PREFIX.length()) : url.substring(PREFIX.length(), settingsStart);
        if (database.regionMatches(true, 0, "mem:", 0, 4) || database.toLowerCase(Locale.ROOT).contains("/mem:")
                || database.equals(".")) {
            return url;
        }
        StringBuilder out = new StringBuilder(settingsStart < 0 ? url : url.substring(0, settingsStart));
        boolean present = false;
        if (settingsStart >= 0) {
            for (String setting : settings(url.substring(settingsStart + 1))) {
                int equals = setting.indexOf('=');
                String key = equals < 0 ? setting : setting.substring(0, equals);
                if (key.toUpperCase(Locale.ROOT).equals(SETTING)) {
                    String value = setting.substring(equals + 1);
                    if (!value.equals("0")) {
                        log.warn("The H2 URL's WRITE_DELAY={} is replaced by WRITE_DELAY=0: with a write delay, commits "
                                + "answered before a crash of the process would be lost", value);
                    }
                    setting = SETTING + "=0";
                    present = true;
                }
                out.append(';').append(setting);
            }
        }
        if (!present) {
            out.append(';').append(SETTING).append("=0");
        }
        return out.toString();
    }

    /** The settings part of an H2 URL split at its separators; a backslash escapes the next character (as in H2). */
    private static List<String> settings(String settings) {
        List<String> list = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < settings.length(); i++) {
            char c = settings.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ';') {
                list.add(settings.substring(start, i));
                start = i + 1;
            }
        }
        list.add(settings.substring(start));
        return list;
    }
}
