package io.agentry.server.health;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Whether runs are accepted: from the moment the application is fully started (agents and models
 * checked, store migrated) until shutdown begins. Before and after, run endpoints answer 503.
 */
@Component
public class AgentReadiness {

    private final AtomicBoolean ready = new AtomicBoolean();

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        ready.set(true);
    }

    @EventListener(ContextClosedEvent.class)
    void stopping() {
        ready.set(false);
    }

    public boolean isReady() {
        return ready.get();
    }

    /** For tests and operators: take the agent out of service or back. */
    public void set(boolean value) {
        ready.set(value);
    }
}
