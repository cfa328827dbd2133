package io.agentry.server.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderHttpClientTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private static Duration retryAfter(String... nameValues) {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            map.put(nameValues[i], List.of(nameValues[i + 1]));
        }
        return ProviderHttpClient.retryAfter(HttpHeaders.of(map, (a, b) -> true), CLOCK);
    }

    @Test
    void retryAfterInSecondsMillisecondsOrAsADate() {
        assertThat(retryAfter("Retry-After", "7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(retryAfter("retry-after", "1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(retryAfter("retry-after-ms", "120", "retry-after", "1")).isEqualTo(Duration.ofMillis(120));
        assertThat(retryAfter("Retry-After", "Sun, 01 Mar 2026 12:00:30 GMT")).isEqualTo(Duration.ofSeconds(30));
        assertThat(retryAfter("Retry-After", "Sun, 01 Mar 2026 11:00:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(retryAfter("Retry-After", "soon")).isNull();
        assertThat(retryAfter("Retry-After", "-3")).isNull();
        assertThat(retryAfter()).isNull();
    }

    @Test
    void onlyAPlainErrorCodeIsKeptNeverTheMessage() {
        assertThat(ProviderHttpClient.errorCode("{\"error\":{\"message\":\"Incorrect API key provided: sk-abc\","
                + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")).isEqualTo("invalid_api_key");
        assertThat(ProviderHttpClient.errorCode("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}")).isEqualTo("overloaded_error");
        assertThat(ProviderHttpClient.errorCode("{\"error\":{\"message\":\"x\",\"type\":\"tokens\",\"code\":null}}"))
                .isEqualTo("tokens");
        assertThat(ProviderHttpClient.errorCode("{\"error\":{\"code\":\"not an identifier: sk-abc\"}}")).isNull();
        assertThat(ProviderHttpClient.errorCode("{\"error\":\"model 'llama' not found\"}")).isNull();
        assertThat(ProviderHttpClient.errorCode("<html>Bad Gateway</html>")).isNull();
        assertThat(ProviderHttpClient.errorCode("")).isNull();
    }
}
