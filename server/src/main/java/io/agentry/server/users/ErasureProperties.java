package io.agentry.server.users;

import io.agentry.server.config.PropertyDefaults;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Erasing a user's data ({@code agentry.erasure.*}).
 *
 * @param taskStopTimeout how long {@code DELETE /users/{user_id}} waits for the user's running tasks to stop once
 *                        cancelled (their workers hear at once, or at their next lease renewal; a dead worker's
 *                        task ends when its lease expires) before it answers 409 and erases nothing more
 */
@ConfigurationProperties("agentry.erasure")
public record ErasureProperties(Duration taskStopTimeout) {

    public ErasureProperties {
        taskStopTimeout = PropertyDefaults.positive(taskStopTimeout, Duration.ofSeconds(30), "agentry.erasure.task-stop-timeout");
    }
}
