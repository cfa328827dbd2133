package io.agentry.model;

/**
 * A model call failed and retrying it will not help (bad request, bad key, unknown model). The message
 * names the provider and the HTTP status and never contains the key or the request body.
 */
public class ModelException extends RuntimeException {

    private final String provider;
    private final int status;

    public ModelException(String provider, int status, String message) {
        super(message);
        this.provider = provider;
        this.status = status;
    }

    public ModelException(String provider, int status, String message, Throwable cause) {
        super(message, cause);
        this.provider = provider;
        this.status = status;
    }

    public String provider() {
        return provider;
    }

    /** The HTTP status the provider answered, or 0 when the failure was not an HTTP answer. */
    public int status() {
        return status;
    }
}
