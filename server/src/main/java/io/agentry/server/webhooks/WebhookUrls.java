package io.agentry.server.webhooks;

import io.agentry.server.egress.UrlPolicy;
import io.agentry.server.web.ApiException;

/** The {@code webhook_url} of a request (task or schedule): usable only with a secret, and only if allowed. */
public final class WebhookUrls {

    private WebhookUrls() {
    }

    /** Nothing for a null URL; else 422 when webhooks are off or the policy refuses the URL. */
    public static void check(String url, WebhookProperties webhooks, WebhookUrlPolicy policy) {
        if (url == null) {
            return;
        }
        if (!webhooks.enabled()) {
            throw ApiException.invalid("webhook_url", "cannot be used: this server has no webhook secret configured");
        }
        try {
            policy.check(url);
        } catch (UrlPolicy.RefusedUrlException e) {
            throw ApiException.invalid("webhook_url", e.getMessage());
        }
    }
}
