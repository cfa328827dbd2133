package io.agentry.server.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.GuardrailsServerTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Rate limits in embedded mode (in-process counts), over real HTTP. */
@GuardrailsServerTest
class RateLimitApiTest {

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    private ApiClient.Response run(String key, String user, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("message", "hi"));
        if (user != null) {
            body.put("user_id", user);
        }
        body.putAll(extra);
        return api.postJson("/run", key, body);
    }

    static void assertRateLimited(ApiClient.Response response, String detail) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("https://agentry.dev/problems/rate-limited");
        assertThat(problem.get("detail").asString()).isEqualTo(detail);
        long retryAfter = Long.parseLong(response.header("retry-after"));
        assertThat(retryAfter).isBetween(1L, 60L);
    }

    @Test
    void theEleventhRequestInAWindowIsRefusedWithRetryAfterAndRateLimitHeaders() {
        String user = "limit-" + UUID.randomUUID();
        double before = meters.counter("agent.rate.limited", "policy", "user").count();
        for (int i = 1; i <= 10; i++) {
            // streaming requests count like any other (half of them ask for a stream)
            ApiClient.Response ok = run("limited-key", user, i % 2 == 0 ? Map.of("stream", true) : Map.of());
            assertThat(ok.status()).as("request %d: %s", i, ok.body()).isEqualTo(200);
            assertThat(ok.header("ratelimit-policy")).isEqualTo("\"user\";q=10;w=60");
            assertThat(ok.header("ratelimit")).startsWith("\"user\";r=" + (10 - i) + ";t=");
        }

        ApiClient.Response refused = run("limited-key", user, Map.of());

        assertRateLimited(refused, "Rate limit exceeded: max 10 requests per 60s");
        assertThat(refused.header("ratelimit-policy")).isEqualTo("\"user\";q=10;w=60");
        assertThat(refused.header("ratelimit")).matches("\"user\";r=0;t=\\d+");
        long t = Long.parseLong(refused.header("ratelimit").replaceAll(".*t=", ""));
        assertThat(t).isEqualTo(Long.parseLong(refused.header("retry-after")));
        JsonNode problem = refused.json();
        assertThat(problem.get("policy").asString()).isEqualTo("user");
        assertThat(problem.get("limit").asLong()).isEqualTo(10);
        assertThat(problem.get("window_seconds").asLong()).isEqualTo(60);
        assertThat(meters.counter("agent.rate.limited", "policy", "user").count()).isEqualTo(before + 1);

        // another user of the same key is not affected; health, docs and estimates are never limited
        assertThat(run("limited-key", "other-" + UUID.randomUUID(), Map.of()).status()).isEqualTo(200);
        assertThat(api.get("/health", null).status()).isEqualTo(200);
        assertThat(api.get("/health/ready", null).status()).isEqualTo(200);
        assertThat(api.get("/openapi.json", null).status()).isEqualTo(200);
        assertThat(api.postJson("/estimate", "limited-key", Map.of("message", "hi", "user_id", user)).status()).isEqualTo(200);
    }

    @Test
    void aRetriedTaskSubmissionIsNotCountedAndGetsItsTaskEvenOnceTheLimitIsReached() {
        String user = "retry-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("message", "later, please", "user_id", user);
        ApiClient.Response accepted = api.postJson("/tasks", "limited-key", body, "Idempotency-Key", "order-1");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String taskId = accepted.json().get("task_id").asString();
        // retries before the limit is reached are not counted either: 9 more runs still fit the 10
        ApiClient.Response early = api.postJson("/tasks", "limited-key", body, "Idempotency-Key", "order-1");
        assertThat(early.status()).as(early.body()).isEqualTo(200);
        for (int i = 2; i <= 10; i++) {
            assertThat(run("limited-key", user, Map.of()).status()).as("request %d", i).isEqualTo(200);
        }
        assertRateLimited(run("limited-key", user, Map.of()), "Rate limit exceeded: max 10 requests per 60s");

        ApiClient.Response retried = api.postJson("/tasks", "limited-key", body, "Idempotency-Key", "order-1");

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("task_id").asString()).isEqualTo(taskId);
        // a new key is a new task, and limited; the old key with another request is a conflict, not a task
        assertRateLimited(api.postJson("/tasks", "limited-key", body, "Idempotency-Key", "order-2"),
                "Rate limit exceeded: max 10 requests per 60s");
        assertThat(api.postJson("/tasks", "limited-key", Map.of("message", "something else", "user_id", user),
                "Idempotency-Key", "order-1").status()).isEqualTo(422);
    }

    @Test
    void aBoundKeyIsLimitedForItsUserWhateverTheBodySays() {
        // alice's window may already hold runs of other tests sharing this server: count from what is left
        ApiClient.Response first = run("alice-key", null, Map.of());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        java.util.regex.Matcher left = java.util.regex.Pattern.compile("\"user\";r=(\\d+);").matcher(first.header("ratelimit"));
        assertThat(left.find()).as(first.header("ratelimit")).isTrue();
        for (int i = 0; i < Integer.parseInt(left.group(1)); i++) {
            assertThat(run("alice-key", i % 2 == 0 ? null : "alice", Map.of()).status()).isEqualTo(200);
        }
        assertRateLimited(run("alice-key", null, Map.of()), "Rate limit exceeded: max 10 requests per 60s");
        assertRateLimited(run("alice-key", "alice", Map.of()), "Rate limit exceeded: max 10 requests per 60s");
    }

    @Test
    void anAgentOverrideHasItsOwnLimitAndWindow() {
        String user = "bulk-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            ApiClient.Response ok = run("limited-key", user, Map.of("agent", "bulk"));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("ratelimit-policy")).isEqualTo("\"user\";q=2;w=60");
        }
        assertRateLimited(run("limited-key", user, Map.of("agent", "bulk")), "Rate limit exceeded: max 2 requests per 60s");
        assertThat(run("limited-key", user, Map.of()).status()).as("the default agent's window is separate").isEqualTo(200);
    }

    @Test
    void tokensPerMinuteRefuseOnceTheLastMinutesRunsReachTheLimit() {
        String user = "tokens-" + UUID.randomUUID();
        ApiClient.Response first = run("tokens-key", user, Map.of("message", "what is 17*23?"));
        assertThat(first.status()).isEqualTo(200);
        long firstTokens = first.json().get("usage").get("total_tokens").asLong();
        assertThat(firstTokens).isBetween(250L, 499L);
        assertThat(first.header("ratelimit-policy")).contains("\"tokens\";q=500;qu=\"tokens\";w=60");
        assertThat(first.header("ratelimit")).contains("\"tokens\";r=500;");

        ApiClient.Response second = run("tokens-key", user, Map.of("message", "what is 17*23?"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("ratelimit")).contains("\"tokens\";r=" + (500 - firstTokens) + ";");

        ApiClient.Response refused = run("tokens-key", user, Map.of());
        assertRateLimited(refused, "Rate limit exceeded: max 500 tokens per 60s");
        assertThat(refused.json().get("policy").asString()).isEqualTo("tokens");
        assertThat(refused.header("ratelimit")).contains("\"tokens\";r=0;");
    }

    /**
     * The limiter counts the user the run is for, as the request is bound: a user id sent as a JSON number is
     * refused (not coerced, so not run unlimited as before), and the same id as text is limited, concurrently too.
     */
    @Test
    void concurrentRunsOfOneUserAreLimitedWhateverTheIdsSpelling() throws Exception {
        long user = 100_000 + new java.util.Random().nextInt(900_000);
        java.util.List<java.util.concurrent.Future<ApiClient.Response>> numeric = new java.util.ArrayList<>();
        java.util.List<java.util.concurrent.Future<ApiClient.Response>> text = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 15; i++) {
                numeric.add(pool.submit(() -> api.post("/run", "limited-key", "{\"message\":\"hi\",\"user_id\":" + user + "}")));
            }
            for (int i = 0; i < 15; i++) {
                text.add(pool.submit(() -> api.post("/run", "limited-key", "{\"message\":\"hi\",\"user_id\":\"" + user + "\"}")));
            }
        }
        for (var response : numeric) {
            assertThat(response.get().status()).as(response.get().body()).isEqualTo(422);
        }
        long admitted = 0;
        for (var response : text) {
            if (response.get().status() == 200) {
                admitted++;
            } else {
                assertRateLimited(response.get(), "Rate limit exceeded: max 10 requests per 60s");
            }
        }
        assertThat(admitted).isEqualTo(10);
    }

    @Test
    void aRequestWithoutAUserIsLeftToValidation() {
        ApiClient.Response response = api.postJson("/run", "limited-key", Map.of("message", "hi"));
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.header("ratelimit")).isNull();
    }
}
