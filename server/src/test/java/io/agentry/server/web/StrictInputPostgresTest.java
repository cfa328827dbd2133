package io.agentry.server.web;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link StrictInputContract} on PostgreSQL. */
@AgentryServerTest
class StrictInputPostgresTest extends StrictInputContract {

    private static final TestDatabases.PostgresDatabase DB = TestDatabases.postgres();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", () -> TestDatabases.PG_USER);
    }

    @AfterAll
    static void drop() {
        DB.close();
    }
}
