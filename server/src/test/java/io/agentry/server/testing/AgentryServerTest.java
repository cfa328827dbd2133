package io.agentry.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole server on a random port with a private in-memory H2 store and test keys:
 * {@code service-key} (acts for any user), {@code alice-key} (bound to alice), {@code admin-key}. Rate limits
 * are off.
 * Test classes using exactly this annotation share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:api-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "agentry.security.keys[0].name=service",
        "agentry.security.keys[0].key=service-key",
        "agentry.security.keys[1].name=alice",
        "agentry.security.keys[1].sha256=" + AgentryServerTest.ALICE_KEY_SHA256,
        "agentry.security.keys[1].user-id=alice",
        "agentry.security.keys[2].name=admin",
        "agentry.security.keys[2].key=admin-key",
        "agentry.security.keys[2].admin=true",
        "agentry.cors.allowed-origins=https://app.example.com",
        // tests here run many requests as one user; rate limits have tests (and contexts) of their own
        "agentry.limits.enabled=false",
})
@Import(TestFaults.class)
public @interface AgentryServerTest {

    /** SHA-256 of "alice-key": the configuration holds only the hash. */
    String ALICE_KEY_SHA256 = "72ee9d4355ccb9d3a4c9dbf37382e38e75c1b1a225b5bd1f729ee91bbda30c20";
}
