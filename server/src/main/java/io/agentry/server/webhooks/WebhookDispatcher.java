package io.agentry.server.webhooks;

import io.agentry.queue.Task;
import io.agentry.queue.TaskOutbox;
import io.agentry.queue.TaskQueue;
import io.agentry.server.config.ConditionalOnWorkerRole;
import io.agentry.server.config.PeriodicWork;
import io.agentry.server.egress.RequestSigner;
import io.agentry.server.egress.UrlPolicy;
import io.agentry.util.Backoff;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends task webhooks from the task queue's outbox ({@link TaskQueue#outbox()}): the final task JSON (as {@code GET /tasks/{id}} shows it), signed
 * with {@link RequestSigner}, to the task's URL. A 2xx answer delivers it; anything else (or no answer)
 * is retried with exponential backoff until {@code agentry.webhooks.max-age} after the task ended.
 * Redirects are not followed, and the URL policy is checked again before every attempt.
 */
@Component
@ConditionalOnWorkerRole
class WebhookDispatcher extends PeriodicWork {

    static final String DELIVERY_HEADER = "X-Agentry-Delivery";
    static final String EVENT_HEADER = "X-Agentry-Event";
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 20;

    private final TaskOutbox outbox;
    private final TaskQueue queue;
    private final WebhookProperties properties;
    private final WebhookUrlPolicy policy;
    private final WebhookBodies bodies;
    private final Clock clock;
    private final Backoff backoff;
    private final HttpClient http;

    WebhookDispatcher(TaskQueue queue, WebhookProperties properties, WebhookUrlPolicy policy, WebhookBodies bodies,
                      Clock clock) {
        super("agentry-webhooks");
        this.outbox = queue.outbox();
        this.queue = queue;
        this.properties = properties;
        this.policy = policy;
        this.bodies = bodies;
        this.clock = clock;
        this.backoff = new Backoff(properties.initialBackoff(), properties.maxBackoff());
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    void deliverDue() {
        try {
            Instant now = clock.instant();
            List<TaskOutbox.Delivery> due = outbox.claimDue(BATCH, now, now.plus(properties.timeout().multipliedBy(3)));
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                due.forEach(d -> threads.submit(() -> deliver(d)));
            }
        } catch (RuntimeException e) {
            log.warn("Could not read due webhook deliveries ({})", e.getMessage());
        }
    }

    private void deliver(TaskOutbox.Delivery delivery) {
        Optional<Task> task = queue.find(delivery.taskId());
        if (task.isEmpty()) {
            outbox.giveUp(delivery.deliveryId(), "the task no longer exists");
            return;
        }
        URI uri;
        try {
            uri = policy.check(delivery.url());
        } catch (UrlPolicy.RefusedUrlException e) {
            outbox.giveUp(delivery.deliveryId(), "URL refused: " + e.getMessage());
            return;
        }
        String body = bodies.bodyOf(task.get());
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Agentry-Webhooks/1")
                .header(RequestSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(RequestSigner.SIGNATURE_HEADER, new RequestSigner(properties.secret()).sign(timestamp, body))
                .header(DELIVERY_HEADER, delivery.deliveryId())
                .header(EVENT_HEADER, "task." + task.get().status().wireName())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        String error;
        try {
            // only the status matters: the body is not read at all, so a receiver that trickles an endless one
            // cannot hold the delivery (the timeout bounds the wait for the status line and headers)
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                outbox.delivered(delivery.deliveryId(), clock.instant());
                return;
            }
            error = "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            error = e.getClass().getSimpleName();
        }
        Instant now = clock.instant();
        if (Duration.between(delivery.createdAt(), now).compareTo(properties.maxAge()) >= 0) {
            log.warn("Giving up webhook delivery {} of task {} after {} attempts: {}", delivery.deliveryId(),
                    delivery.taskId(), delivery.attempts(), error);
            outbox.giveUp(delivery.deliveryId(), error);
        } else {
            outbox.retryAt(delivery.deliveryId(), now.plus(backoff.delay(delivery.attempts(), null)), error);
        }
    }

    @Override
    protected List<Step> steps() {
        return properties.enabled()
                ? List.of(new Step(this::deliverDue, properties.pollInterval(), properties.pollInterval()))
                : List.of();
    }
}
