package io.agentry.server.health;

/** A dependency {@code /health/ready} checks. {@link #check} must be quick and must not throw. */
public interface ReadinessCheck {

    String name();

    /** Null when healthy, else a short reason safe to show. */
    String check();
}
