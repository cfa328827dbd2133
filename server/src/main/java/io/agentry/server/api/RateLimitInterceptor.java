package io.agentry.server.api;

import io.agentry.limits.Admission;
import io.agentry.limits.Quota;
import io.agentry.limits.QuotaState;
import io.agentry.server.agents.AgentCatalog;
import io.agentry.server.limits.RateLimits;
import io.agentry.server.tasks.TaskService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.WebUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate limits ({@link RateLimits}) on the requests that start runs: {@code POST /run} (streaming or not)
 * and {@code POST /tasks}. Runs after {@link ApiKeyInterceptor}. The user is the key's bound user, or the
 * body's {@code user_id} for a service key (a request naming no user is left to the controller's 422);
 * the agent (for per-agent overrides) is the body's {@code agent} or the default one.
 *
 * <p>Every limited response carries {@code RateLimit-Policy} and {@code RateLimit} (IETF httpapi
 * ratelimit-headers draft syntax, e.g. {@code "user";q=10;w=60} and {@code "user";r=9;t=60}); a refused
 * one is 429 problem+json of type {@code rate-limited} with {@code Retry-After}. A retried {@code POST /tasks}
 * (an Idempotency-Key the user already submitted a task with) is not counted: it starts nothing.
 */
class RateLimitInterceptor implements HandlerInterceptor {

    /** The paths that start runs; {@code /tasks} is served by the background-task API. */
    static final List<String> PATHS = List.of("/run", "/tasks");
    /** As validated on {@link RunRequest#userId()}; longer ids never reach a run, nor the limiter's keys. */
    private static final int MAX_USER_ID = 200;

    private final RateLimits limits;
    private final AgentCatalog agents;
    private final ObjectProvider<TaskService> tasks;
    private final JsonMapper json = JsonMapper.builder().build();

    RateLimitInterceptor(RateLimits limits, AgentCatalog agents, ObjectProvider<TaskService> tasks) {
        this.limits = limits;
        this.agents = agents;
        this.tasks = tasks;
    }

    /** A {@code POST /tasks} with an Idempotency-Key this user has already submitted a task with. */
    private boolean isRetryOfAcceptedTask(HttpServletRequest request, String user) {
        String key = request.getHeader("Idempotency-Key");
        return key != null && TaskController.validIdempotencyKey(key)
                && "/tasks".equals(request.getRequestURI().substring(request.getContextPath().length()))
                && tasks.getObject().keyUsed(user, key);
    }

    static boolean applies(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && PATHS.contains(request.getRequestURI().substring(request.getContextPath().length()));
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!limits.enabled() || !applies(request) || !(request.getAttribute(Caller.ATTRIBUTE) instanceof Caller caller)) {
            return true;
        }
        JsonNode body = body(request);
        String user = caller.boundUserId() != null ? caller.boundUserId() : text(body, "user_id");
        if (user == null || user.isBlank() || user.length() > MAX_USER_ID) {
            return true; // the controller refuses it (422) before anything runs
        }
        if (isRetryOfAcceptedTask(request, user)) {
            return true;  // answered with the task it already made (TaskController), not counted again
        }
        String agent = text(body, "agent");
        Admission admission = limits.admit(user, caller.keyName(), agent == null ? agents.defaultAgent().name() : agent);
        String policy = policyHeader(admission.states());
        String state = stateHeader(admission.states());
        if (admission.allowed()) {
            if (!admission.states().isEmpty()) {
                response.setHeader("RateLimit-Policy", policy);
                response.setHeader("RateLimit", state);
            }
            return true;
        }
        QuotaState refused = admission.refusedBy().orElseThrow();
        throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too Many Requests",
                RateLimits.detail(refused), admission.retryAfter(), null)
                .withProperty("policy", refused.quota().policy())
                .withProperty("limit", refused.quota().limit())
                .withProperty("window_seconds", RateLimits.seconds(refused.quota().window()))
                .withHeader("RateLimit-Policy", policy)
                .withHeader("RateLimit", state);
    }

    private JsonNode body(HttpServletRequest request) {
        RunBodyCachingFilter.CachedBodyRequest cached = WebUtils.getNativeRequest(request,
                RunBodyCachingFilter.CachedBodyRequest.class);
        if (cached == null) {
            return null;
        }
        try {
            return json.readTree(cached.body());
        } catch (IOException | JacksonException e) {
            return null; // unreadable or too large: the controller answers 400 or 413
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body == null || !body.isObject() ? null : body.get(field);
        return value != null && value.isString() ? value.asString() : null;
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
