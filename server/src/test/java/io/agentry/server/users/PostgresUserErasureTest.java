package io.agentry.server.users;

import io.agentry.server.testing.TestDatabases;
import io.agentry.server.testing.TestRedis;
import io.agentry.server.testing.WorkerServerTest;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The erasure scenario in distributed mode: PostgreSQL, and Redis for the event log (the streams to erase), spend
 * counters and task signals.
 */
@WorkerServerTest
class PostgresUserErasureTest extends UserErasureScenario {

    private static final TestDatabases.PostgresDatabase DB = TestDatabases.postgres();
    private static final TestRedis REDIS = new TestRedis();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", () -> TestDatabases.PG_USER);
        registry.add("agentry.redis.url", () -> TestRedis.URL);
        registry.add("agentry.redis.key-prefix", () -> REDIS.properties().keyPrefix());
    }

    @AfterAll
    static void drop() {
        DB.close();
        REDIS.close();
    }
}
