package io.agentry.server.models;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.agentry.model.ProviderHttpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP client under LangChain4j's provider modules, on the JDK's {@link java.net.http.HttpClient}.
 * It exists because LangChain4j's own client loses what we need on the way:
 *
 * <ul>
 *   <li>an error answer becomes a {@link ProviderHttpException} with the provider's {@code Retry-After}
 *       (or OpenAI's {@code retry-after-ms}) and its error code, and without the response body, which
 *       may echo the key (OpenAI's 401 does, partly) or the request;</li>
 *   <li>the read timeout covers the whole response: the wait for the headers and every read of the body
 *       ({@link IdleTimeoutInputStream}); the JDK's request timeout stops at the headers;</li>
 *   <li>a streamed call runs on the calling thread, so interrupting the caller (a cancelled run, a time
 *       limit) aborts the read and closes the connection at once, even before the first token.</li>
 * </ul>
 *
 * <p>One JDK client (connection pool) is shared by every model of a provider.
 */
final class ProviderHttpClient implements HttpClient {

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final java.net.http.HttpClient http;
    private final Duration readTimeout;
    private final ScheduledExecutorService timeouts;
    private final Clock clock;

    ProviderHttpClient(java.net.http.HttpClient http, Duration readTimeout, ScheduledExecutorService timeouts,
                       Clock clock) {
        this.http = http;
        this.readTimeout = readTimeout;
        this.timeouts = timeouts;
        this.clock = clock;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        HttpResponse<InputStream> response = send(request);
        try (IdleTimeoutInputStream body = guarded(response)) {
            if (!isSuccessful(response.statusCode())) {
                throw failure(response, body);
            }
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .body(text)
                    .build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams on the calling thread and returns when the stream has ended; the listener hears exactly one
     * of {@code onClose} or {@code onError} at the end.
     */
    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        OnceSseListener once = new OnceSseListener(listener);
        HttpResponse<InputStream> response;
        try {
            response = send(request);
        } catch (RuntimeException e) {
            once.onError(e);
            return;
        }
        try (IdleTimeoutInputStream body = guarded(response)) {
            if (!isSuccessful(response.statusCode())) {
                once.onError(failure(response, body));
                return;
            }
            once.onOpen(SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .build());
            parser.parse(body, once);
            once.onClose();
        } catch (IOException | RuntimeException e) {
            once.onError(e);
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        URI uri = URI.create(request.url());
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(uri).timeout(readTimeout);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // no h2c upgrade dance with local servers (Ollama, vLLM); TLS endpoints negotiate HTTP/2
            builder.version(java.net.http.HttpClient.Version.HTTP_1_1);
        }
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("multipart requests are not used by chat models");
        }
        builder.method(request.method().name(), request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the provider", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IdleTimeoutInputStream guarded(HttpResponse<InputStream> response) {
        return new IdleTimeoutInputStream(response.body(), readTimeout, timeouts);
    }

    private ProviderHttpException failure(HttpResponse<InputStream> response, InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_ERROR_BODY);
        return new ProviderHttpException(response.statusCode(), retryAfter(response.headers(), clock),
                errorCode(new String(bytes, StandardCharsets.UTF_8)));
    }

    private static boolean isSuccessful(int status) {
        return status >= 200 && status < 300;
    }

    /**
     * The wait a provider asked for: OpenAI's {@code retry-after-ms} (milliseconds), else the standard
     * {@code Retry-After} in seconds or as an HTTP date. Null when absent, unreadable or negative.
     */
    static Duration retryAfter(java.net.http.HttpHeaders headers, Clock clock) {
        String millis = headers.firstValue("retry-after-ms").orElse(null);
        if (millis != null) {
            try {
                double value = Double.parseDouble(millis.strip());
                if (value >= 0 && Double.isFinite(value)) {
                    return Duration.ofNanos((long) (value * 1_000_000));
                }
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        String value = headers.firstValue("retry-after").map(String::strip).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            double seconds = Double.parseDouble(value);
            return seconds >= 0 && Double.isFinite(seconds) ? Duration.ofMillis((long) (seconds * 1000)) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /**
     * The provider's machine-readable error: OpenAI's {@code error.code}, else {@code error.type}
     * (Anthropic's only one). Only a plain identifier is kept, never the human message, which may echo
     * the key or the request.
     */
    static String errorCode(String body) {
        JsonNode error;
        try {
            error = JSON.readTree(body).path("error");
        } catch (RuntimeException notJson) {
            return null;
        }
        for (String field : new String[] {"code", "type"}) {
            JsonNode node = error.path(field);
            if (node.isString() && ERROR_CODE.matcher(node.asString()).matches()) {
                return node.asString();
            }
        }
        return null;
    }

    /**
     * Builds clients on one provider's shared JDK client with the provider's configured timeouts. LangChain4j's
     * model builders push their own defaults (15 s connect, 60 s read) into any builder they are given; those
     * are accepted and ignored, so {@code agentry.providers.*} stays the one place timeouts are set.
     */
    static final class Builder implements HttpClientBuilder {
        private final java.net.http.HttpClient http;
        private final Duration connectTimeout;
        private final Duration readTimeout;
        private final ScheduledExecutorService timeouts;
        private final Clock clock;

        Builder(java.net.http.HttpClient http, Duration connectTimeout, Duration readTimeout,
                ScheduledExecutorService timeouts, Clock clock) {
            this.http = http;
            this.connectTimeout = connectTimeout;
            this.readTimeout = readTimeout;
            this.timeouts = timeouts;
            this.clock = clock;
        }

        @Override
        public Duration connectTimeout() {
            return connectTimeout;
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration ignored) {
            return this;
        }

        @Override
        public Duration readTimeout() {
            return readTimeout;
        }

        @Override
        public HttpClientBuilder readTimeout(Duration ignored) {
            return this;
        }

        @Override
        public HttpClient build() {
            return new ProviderHttpClient(http, readTimeout, timeouts, clock);
        }
    }
}
