package io.agentry.server.models;

import static io.agentry.server.config.PropertyDefaults.atLeastOne;
import static io.agentry.server.config.PropertyDefaults.positive;

import io.agentry.server.config.PropertyDefaults;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The model providers ({@code agentry.providers.<provider>.*}): {@code openai}, {@code anthropic} and
 * {@code openai-compatible} (any server speaking the OpenAI chat API: Ollama, vLLM, LM Studio...). Every
 * setting has a default; the keys default to {@code OPENAI_API_KEY} and {@code ANTHROPIC_API_KEY} (see
 * application.yml). A provider no agent uses needs nothing.
 */
@ConfigurationProperties("agentry.providers")
public record ProvidersProperties(ProviderProperties openai, ProviderProperties anthropic,
                                  ProviderProperties openaiCompatible) {

    static final String OPENAI_BASE_URL = "https://api.openai.com/v1";
    static final String ANTHROPIC_BASE_URL = "https://api.anthropic.com/v1/";

    public ProvidersProperties {
        openai = ProviderProperties.orDefaults(openai, OPENAI_BASE_URL);
        anthropic = ProviderProperties.orDefaults(anthropic, ANTHROPIC_BASE_URL);
        openaiCompatible = ProviderProperties.orDefaults(openaiCompatible, null);
    }

    /**
     * One provider's connection and resilience settings.
     *
     * @param apiKey          never logged, never shown: {@link #toString()} omits it
     * @param baseUrl         the API root, e.g. {@code https://api.openai.com/v1}
     * @param connectTimeout  the longest wait for a TCP (and TLS) connection
     * @param readTimeout     the longest silence on a connection: for the response to begin (for a call that
     *                        is not streamed, that is the whole answer) and between streamed chunks
     * @param maxAttempts     calls per model request in all, including the first (1 = no retries)
     * @param initialBackoff  ceiling of the first jittered wait between attempts; doubles each attempt
     * @param maxBackoff      ceiling of any wait; a {@code Retry-After} longer than this ends the retries
     * @param maxConcurrency  simultaneous calls per model of this provider; more wait for a slot
     */
    public record ProviderProperties(String apiKey, String baseUrl, Duration connectTimeout, Duration readTimeout,
                                     Integer maxAttempts, Duration initialBackoff, Duration maxBackoff,
                                     Integer maxConcurrency) {

        static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
        static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(180);
        static final int DEFAULT_MAX_ATTEMPTS = 3;
        static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
        static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
        static final int DEFAULT_MAX_CONCURRENCY = 32;

        public ProviderProperties {
            apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.strip();
            connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "agentry.providers.*.connect-timeout");
            readTimeout = positive(readTimeout, DEFAULT_READ_TIMEOUT, "agentry.providers.*.read-timeout");
            maxAttempts = atLeastOne(maxAttempts, DEFAULT_MAX_ATTEMPTS, "agentry.providers.*.max-attempts");
            initialBackoff = initialBackoff == null ? DEFAULT_INITIAL_BACKOFF : initialBackoff;
            maxBackoff = maxBackoff == null ? DEFAULT_MAX_BACKOFF : maxBackoff;
            if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
                throw new IllegalArgumentException("agentry.providers.*.initial-backoff and max-backoff must not be negative");
            }
            maxConcurrency = atLeastOne(maxConcurrency, DEFAULT_MAX_CONCURRENCY, "agentry.providers.*.max-concurrency");
        }

        static ProviderProperties orDefaults(ProviderProperties configured, String defaultBaseUrl) {
            ProviderProperties p = configured != null ? configured
                    : PropertyDefaults.defaults(ProviderProperties.class);
            return p.baseUrl() != null || defaultBaseUrl == null ? p : new ProviderProperties(p.apiKey(), defaultBaseUrl,
                    p.connectTimeout(), p.readTimeout(), p.maxAttempts(), p.initialBackoff(), p.maxBackoff(),
                    p.maxConcurrency());
        }

        /** Says whether a key is set, never what it is. */
        @Override
        public String toString() {
            return "ProviderProperties[apiKey=" + (apiKey == null ? "none" : "(set)") + ", baseUrl=" + baseUrl
                    + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", maxAttempts="
                    + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                    + ", maxConcurrency=" + maxConcurrency + "]";
        }
    }
}
