package io.agentry.server.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Task webhooks ({@code agentry.webhooks.*}).
 *
 * @param secret         HMAC-SHA256 key signing every delivery; a task may name a {@code webhook_url} only
 *                       when it is set
 * @param allowPrivate   allow URLs that resolve to loopback, private, link-local or other internal
 *                       addresses (off: such URLs are refused, against server-side request forgery)
 * @param timeout        connect and response timeout of one delivery attempt
 * @param maxAge         how long failed deliveries are retried before they are given up
 * @param initialBackoff delay after the first failed attempt; doubles per attempt up to {@code maxBackoff}
 * @param pollInterval   how often a worker looks for due deliveries
 */
@ConfigurationProperties("agentry.webhooks")
public record WebhookProperties(String secret, boolean allowPrivate, Duration timeout, Duration maxAge,
                                Duration initialBackoff, Duration maxBackoff, Duration pollInterval) {

    public WebhookProperties {
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        maxAge = maxAge == null ? Duration.ofHours(24) : maxAge;
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(10) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofHours(1) : maxBackoff;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
    }

    public boolean enabled() {
        return secret != null && !secret.isBlank();
    }

    @Override
    public String toString() {
        return "WebhookProperties[secret=" + (enabled() ? "***" : "unset") + ", allowPrivate=" + allowPrivate + "]";
    }
}
