package io.agentry.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole server, embedded mode (in-process limits and spend counters, private in-memory H2), with rate
 * limits on and budgets for a few users, shared by the guardrail tests. Keys: {@code service-key} and
 * {@code admin-key} (admin) practically unlimited; {@code limited-key} (service key, default 10 requests
 * per 60 s); {@code tokens-key} (500 tokens per minute); {@code capped-key} (a tiny daily budget of its
 * own); {@code alice-key} (bound to alice, default limits). Agents: {@code default}, {@code bulk} (2
 * requests per 60 s per user), {@code estimator}. Budgets: {@code budget-user} $0.01 a day,
 * {@code month-user} $0.0005 a month, {@code task-user} $0.01 and {@code retry-user} $0.001 a day, {@code standing-user} $1 a day and $2 a month. The offline model takes 100 ms per call, so concurrent runs overlap.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:guardrails-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "agentry.security.keys[0].name=service",
        "agentry.security.keys[0].key=service-key",
        "agentry.security.keys[1].name=alice",
        "agentry.security.keys[1].sha256=" + AgentryServerTest.ALICE_KEY_SHA256,
        "agentry.security.keys[1].user-id=alice",
        "agentry.security.keys[2].name=admin",
        "agentry.security.keys[2].key=admin-key",
        "agentry.security.keys[2].admin=true",
        "agentry.security.keys[3].name=limited",
        "agentry.security.keys[3].key=limited-key",
        "agentry.security.keys[4].name=tokens",
        "agentry.security.keys[4].key=tokens-key",
        "agentry.security.keys[5].name=capped",
        "agentry.security.keys[5].key=capped-key",
        "agentry.limits.keys.service.requests=100000",
        "agentry.limits.keys.admin.requests=100000",
        "agentry.limits.keys.tokens.tokens-per-minute=500",
        "agentry.limits.keys.capped.requests=100000",
        "agentry.limits.agents.bulk.requests=2",
        "agentry.agents.default.model=offline",
        "agentry.agents.bulk.model=offline",
        "agentry.agents.estimator.model=offline",
        "agentry.budgets.users[budget-user].daily-usd=0.01",
        "agentry.budgets.users[month-user].monthly-usd=0.0005",
        "agentry.budgets.users[task-user].daily-usd=0.01",
        "agentry.budgets.users[retry-user].daily-usd=0.001",
        "agentry.budgets.users[standing-user].daily-usd=1",
        "agentry.budgets.users[standing-user].monthly-usd=2",
        "agentry.budgets.keys.capped.daily-usd=0.000001",
        "agentry.models.offline.latency-ms=100",
})
public @interface GuardrailsServerTest {
}
