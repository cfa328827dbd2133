package io.agentry.server.guardrails;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Request rate limits ({@code agentry.limits.*}) on the run endpoints ({@code POST /run}, {@code POST /tasks},
 * streaming included). Every user gets {@code requests} per sliding {@code window} (default 10 per 60 s);
 * {@code global-requests} per {@code global-window} caps all users together; {@code tokens-per-minute}
 * caps the tokens of a user's runs in the last minute (a request is refused once they reach it). Unset
 * limits do not apply.
 *
 * <p>Overrides, by agent ({@code agents.<name>.*}) and by API key name ({@code keys.<name>.*}), replace the
 * per-user values they set; a key's override wins over an agent's. A request under an override counts in
 * its own sliding window per user (so raising one agent's limit does not eat into the others'); tokens
 * are always one count per user, the override only changes the limit applied.
 */
@ConfigurationProperties("agentry.limits")
public record LimitsProperties(Boolean enabled, Long requests, Duration window, Long tokensPerMinute,
                               Long globalRequests, Duration globalWindow,
                               Map<String, LimitOverride> agents, Map<String, LimitOverride> keys) {

    public static final long DEFAULT_REQUESTS = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    /** Replaces the per-user values it sets; null fields keep the defaults. */
    public record LimitOverride(Long requests, Duration window, Long tokensPerMinute) {

        boolean setsRequests() {
            return requests != null || window != null;
        }
    }

    public LimitsProperties {
        enabled = enabled == null || enabled;
        requests = requests == null ? DEFAULT_REQUESTS : requests;
        window = window == null ? DEFAULT_WINDOW : window;
        globalWindow = globalWindow == null ? DEFAULT_WINDOW : globalWindow;
        agents = agents == null ? Map.of() : Map.copyOf(agents);
        keys = keys == null ? Map.of() : Map.copyOf(keys);
        requirePositive("requests", requests);
        requirePositive("tokens-per-minute", tokensPerMinute);
        requirePositive("global-requests", globalRequests);
        requireWindow("window", window);
        requireWindow("global-window", globalWindow);
        agents.forEach((name, o) -> checkOverride("agents." + name, o));
        keys.forEach((name, o) -> checkOverride("keys." + name, o));
    }

    /** Whether any tokens-per-minute limit is configured, so finished runs' tokens must be recorded. */
    public boolean limitsTokens() {
        return tokensPerMinute != null
                || agents.values().stream().anyMatch(o -> o.tokensPerMinute() != null)
                || keys.values().stream().anyMatch(o -> o.tokensPerMinute() != null);
    }

    private static void requirePositive(String name, Long value) {
        if (value != null && value < 1) {
            throw new IllegalStateException("agentry.limits." + name + " must be at least 1 (leave it unset for no limit)");
        }
    }

    private static void requireWindow(String name, Duration value) {
        if (value != null && value.toMillis() < 1) {
            throw new IllegalStateException("agentry.limits." + name + " must be a positive duration");
        }
    }

    /**
     * The per-user limits of one request.
     *
     * @param scope names the sliding window the request counts in: {@code user}, {@code agent:<name>} or
     *              {@code key:<name>}, after the override that set the request limit
     */
    public record Resolved(String scope, long requests, Duration window, Long tokensPerMinute) {
    }

    /** The per-user limits for a request with this API key name and agent. */
    public Resolved resolve(String keyName, String agent) {
        LimitOverride key = keyName == null ? null : keys.get(keyName);
        LimitOverride byAgent = agent == null ? null : agents.get(agent);
        LimitOverride requestSource = key != null && key.setsRequests() ? key
                : byAgent != null && byAgent.setsRequests() ? byAgent : null;
        String scope = requestSource == null ? "user" : requestSource == key ? "key:" + keyName : "agent:" + agent;
        long req = requestSource != null && requestSource.requests() != null ? requestSource.requests() : requests;
        Duration win = requestSource != null && requestSource.window() != null ? requestSource.window() : window;
        Long tokens = key != null && key.tokensPerMinute() != null ? key.tokensPerMinute()
                : byAgent != null && byAgent.tokensPerMinute() != null ? byAgent.tokensPerMinute() : tokensPerMinute;
        return new Resolved(scope, req, win, tokens);
    }

    private static void checkOverride(String path, LimitOverride o) {
        requirePositive(path + ".requests", o.requests());
        requirePositive(path + ".tokens-per-minute", o.tokensPerMinute());
        requireWindow(path + ".window", o.window());
    }
}
