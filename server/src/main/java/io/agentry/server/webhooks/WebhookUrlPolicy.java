package io.agentry.server.webhooks;

import io.agentry.server.egress.UrlPolicy;
import java.net.URI;
import org.springframework.stereotype.Component;

/**
 * Which webhook URLs we will call: the server's {@link UrlPolicy} with the allowance of
 * {@code agentry.webhooks.allow-private}. Checked when a task or schedule names a URL and again before every
 * delivery, since DNS can change in between.
 */
@Component
public class WebhookUrlPolicy {

    private final UrlPolicy policy;

    public WebhookUrlPolicy(WebhookProperties properties) {
        this.policy = new UrlPolicy(properties.allowPrivate());
    }

    /** The URL to call (the one given, parsed), or why it may not be called. */
    public URI check(String url) throws UrlPolicy.RefusedUrlException {
        return policy.check(url);
    }
}
