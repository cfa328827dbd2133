package io.agentry.server.config;

/**
 * The configuration asks for something that cannot be set up (a tool definition that does not hold together, a
 * plugin that does not load): the start stops with {@link #getMessage()} as the description and {@link #action()}
 * as what to do ({@link InvalidConfigurationFailureAnalyzer}), in the paragraph a failed start prints. Both texts
 * are shown to operators and must hold no secret.
 */
public class InvalidConfigurationException extends IllegalStateException {

    private final String action;

    public InvalidConfigurationException(String description, String action) {
        super(description);
        this.action = action;
    }

    public InvalidConfigurationException(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    public String action() {
        return action;
    }
}
