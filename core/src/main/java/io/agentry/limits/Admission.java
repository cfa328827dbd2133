package io.agentry.limits;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The answer of {@link RateLimiter#admit}: allowed or not, and the state of every quota checked. */
public record Admission(boolean allowed, List<QuotaState> states) {

    public Admission {
        states = List.copyOf(states);
    }

    /** The refusing quota the client has to wait longest for; empty when admitted. */
    public Optional<QuotaState> refusedBy() {
        return states.stream().filter(QuotaState::refused).max(Comparator.comparing(QuotaState::resetAfter));
    }

    /** How long to wait before retrying: until every refusing quota has room again. */
    public Duration retryAfter() {
        return refusedBy().map(QuotaState::resetAfter).orElse(Duration.ZERO);
    }
}
