package io.agentry.server.jdbc;

import io.agentry.journal.RunJournal;
import io.agentry.memory.MemoryStore;
import io.agentry.queue.TaskQueue;
import io.agentry.langgraph.AssistantStore;
import io.agentry.langgraph.ThreadStore;
import io.agentry.schedule.ScheduleStore;
import io.agentry.store.RunStore;
import io.agentry.store.SessionStore;
import io.agentry.store.UsageLedger;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SQL store: H2 in a file by default, PostgreSQL when {@code AGENTRY_DATABASE_URL} (or
 * {@code spring.datasource.url}) names one. Flyway migrates it from {@code db/migration/{vendor}}. On H2, every
 * commit is written to the file before it returns ({@link H2WriteDelay}), as PostgreSQL's is before it answers.
 */
@Configuration(proxyBeanMethods = false)
class JdbcStoreConfiguration {

    /** Static: a post-processor is created before the other beans, and the pool must be adjusted before it connects. */
    @Bean
    static BeanPostProcessor h2WriteDelay() {
        return new H2WriteDelay();
    }

    @Bean
    RunStore runStore(DataSource dataSource) {
        return new JdbcRunStore(dataSource);
    }

    @Bean
    UsageLedger usageLedger(DataSource dataSource) {
        return new JdbcUsageLedger(dataSource);
    }

    @Bean
    SessionStore sessionStore(DataSource dataSource) {
        return new JdbcSessionStore(dataSource);
    }

    /** The queue and, in the same tables, its webhook outbox ({@link TaskQueue#outbox()}). */
    @Bean
    TaskQueue taskQueue(DataSource dataSource) {
        return new JdbcTaskQueue(dataSource);
    }

    /** The run journal, in the same store as the queue whose leases fence it. */
    @Bean
    RunJournal runJournal(DataSource dataSource) {
        return new JdbcRunJournal(dataSource);
    }

    @Bean
    MemoryStore memoryStore(DataSource dataSource) {
        return new JdbcMemoryStore(dataSource);
    }

    @Bean
    ScheduleStore scheduleStore(DataSource dataSource) {
        return new JdbcScheduleStore(dataSource);
    }

    @Bean
    ThreadStore threadStore(DataSource dataSource) {
        return new JdbcThreadStore(dataSource);
    }

    @Bean
    AssistantStore assistantStore(DataSource dataSource) {
        return new JdbcAssistantStore(dataSource);
    }
}
