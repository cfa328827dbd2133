package io.agentry.server.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * {@link AgentryServerTest} with the scripted models of {@link TestModels} behind agents of their own
 * ({@code flaky}, {@code sleepy}, {@code sleepy-limited} with a 500 ms time limit, {@code gated}), fast task retries and
 * webhooks to local receivers. Test classes using exactly this annotation share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@AgentryServerTest
@Import(TestModels.class)
@TestPropertySource(properties = {
        "agentry.agents.default.model=offline",
        "agentry.agents.flaky.model=flaky",
        "agentry.agents.flaky.tools=",
        "agentry.agents.sleepy.model=sleepy",
        "agentry.agents.sleepy.tools=",
        "agentry.agents.sleepy-limited.model=sleepy",
        "agentry.agents.sleepy-limited.tools=",
        "agentry.agents.sleepy-limited.time-limit=500ms",
        "agentry.agents.gated.model=gated",
        "agentry.agents.gated.tools=",
        "agentry.agents.stepper.model=stepper",
        "agentry.agents.stepper.tools=tally",
        "agentry.worker.retry-base-delay=20ms",
        "agentry.webhooks.secret=" + WorkerServerTest.WEBHOOK_SECRET,
        "agentry.webhooks.allow-private=true",
        "agentry.webhooks.poll-interval=100ms",
        "agentry.webhooks.initial-backoff=100ms",
})
public @interface WorkerServerTest {

    String WEBHOOK_SECRET = "webhook-test-secret";
}
