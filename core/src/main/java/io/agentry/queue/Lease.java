package io.agentry.queue;

import java.time.Instant;

/**
 * A worker's claim on a running task. {@code token} is the fencing token: every write about the attempt
 * must present it, and a newer claim replaces it, so a worker that lost its lease can never overwrite a
 * newer attempt.
 */
public record Lease(String owner, String token, Instant expiresAt) {
}
