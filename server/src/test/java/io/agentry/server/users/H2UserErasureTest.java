package io.agentry.server.users;

import io.agentry.server.testing.TestDatabases;
import io.agentry.server.testing.WorkerServerTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The erasure scenario in embedded mode: H2 and the in-process event log. */
@WorkerServerTest
class H2UserErasureTest extends UserErasureScenario {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        String url = TestDatabases.h2Url();
        registry.add("spring.datasource.url", () -> url);
    }
}
