package io.agentry.server.guardrails;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.limits.Admission;
import io.agentry.limits.Quota;
import io.agentry.limits.QuotaState;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Rate limits ({@link RateLimits}) on the requests that start runs: {@code POST /run} (streaming or not)
 * and {@code POST /tasks}, applied by {@link RunCommands#admit} to the user the request acts for, as
 * {@link Caller#actingUser} decided it from the bound body (one parse, one rule), and to the agent asked for.
 * A request refused by validation, or a retried {@code POST /tasks} (an Idempotency-Key the user already
 * submitted a task with: it starts nothing), never gets here and is not counted.
 *
 * <p>Every limited response carries {@code RateLimit-Policy} and {@code RateLimit} (IETF httpapi
 * ratelimit-headers draft syntax, e.g. {@code "user";q=10;w=60} and {@code "user";r=9;t=60}); a refused
 * one is 429 problem+json of type {@code rate-limited} with {@code Retry-After}.
 */
@Component
public class RunRateLimits {

    /** What a {@code rate-limited} problem adds: the quota that refused the request. */
    record RateLimited(
            @Schema(description = "rate-limited: the quota that refused the request: user (the user's requests), global "
                    + "(everyone's requests) or tokens (the user's tokens per minute)", example = "user")
            String policy,
            @Schema(description = "rate-limited: the quota's size, in requests or tokens", example = "10")
            long limit,
            @Schema(description = "rate-limited: the quota's sliding window, in seconds", example = "60")
            @JsonProperty("window_seconds") long windowSeconds) implements ApiException.Members {
    }

    private final RateLimits limits;

    RunRateLimits(RateLimits limits) {
        this.limits = limits;
    }

    /** Counts one run request of {@code user} for {@code agent}, or throws the 429 that refuses it. */
    public void admit(String user, Caller caller, String agent, HttpServletResponse response) {
        if (!limits.enabled()) {
            return;
        }
        Admission admission = limits.admit(user, caller.keyName(), agent);
        String policy = policyHeader(admission.states());
        String state = stateHeader(admission.states());
        if (admission.allowed()) {
            if (!admission.states().isEmpty()) {
                response.setHeader("RateLimit-Policy", policy);
                response.setHeader("RateLimit", state);
            }
            return;
        }
        QuotaState refused = admission.refusedBy().orElseThrow();
        throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too Many Requests",
                RateLimits.detail(refused), admission.retryAfter(), null)
                .withMembers(new RateLimited(refused.quota().policy(), refused.quota().limit(),
                        RateLimits.seconds(refused.quota().window())))
                .withHeader("RateLimit-Policy", policy)
                .withHeader("RateLimit", state);
    }
    static String policyHeader(List<QuotaState> states) {
        return states.stream().map(s -> {
            Quota q = s.quota();
            return "\"" + q.policy() + "\";q=" + q.limit() + (q.unit() == Quota.Unit.TOKENS ? ";qu=\"tokens\"" : "")
                    + ";w=" + RateLimits.seconds(q.window());
        }).collect(Collectors.joining(", "));
    }

    static String stateHeader(List<QuotaState> states) {
        return states.stream().map(s -> "\"" + s.quota().policy() + "\";r=" + s.remaining() + ";t="
                + RateLimits.seconds(s.resetAfter())).collect(Collectors.joining(", "));
    }
}
