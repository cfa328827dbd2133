package io.agentry.server.health;

/** A dependency {@code /health/ready} checks. {@link #check} must be quick and must not throw. */
public interface ReadinessCheck {

    String name();

    /** Null when healthy, else a short reason safe to show. */
    String check();

    /**
     * Whether the process cannot serve while this check fails (the probe answers 503). A check that is not
     * essential (an MCP server: agents run without its tools) shows as {@code DEGRADED: <reason>} and leaves the
     * probe at 200.
     */
    default boolean essential() {
        return true;
    }
}
