package io.agentry.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.ServerProcess;
import io.agentry.server.testing.SseClient;
import io.agentry.server.testing.TestDatabases;
import io.agentry.server.testing.TestRedis;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Two api processes (the packaged jar) sharing one PostgreSQL database and one Redis key prefix of this
 * test's own: rate limits and spend budgets hold across replicas.
 */
class DistributedGuardrailsIT {

    /** What every api process of this test is started with. */
    private static Map<String, String> settings;
    private static TestDatabases.PostgresDatabase db;
    private static TestRedis redis;
    private static String prefix;
    private static ServerProcess a;
    private static ServerProcess b;

    @BeforeAll
    static void start() {
        db = TestDatabases.postgres();
        redis = new TestRedis();
        prefix = TestRedis.newPrefix();
        settings = Map.ofEntries(
                Map.entry("spring.datasource.url", db.url()),
                Map.entry("spring.datasource.username", TestDatabases.PG_USER),
                Map.entry("agentry.redis.url", TestRedis.URL),
                Map.entry("agentry.redis.key-prefix", prefix),
                Map.entry("agentry.security.keys[0].name", "service"),
                Map.entry("agentry.security.keys[0].key", "service-key"),
                Map.entry("agentry.security.keys[1].name", "bulk"),
                Map.entry("agentry.security.keys[1].key", "bulk-key"),
                Map.entry("agentry.security.keys[2].name", "admin"),
                Map.entry("agentry.security.keys[2].key", "admin-key"),
                Map.entry("agentry.security.keys[2].admin", "true"),
                Map.entry("agentry.limits.keys.bulk.requests", "100000"),
                Map.entry("agentry.budgets.users[budget-user].daily-usd", "0.01"),
                Map.entry("agentry.budgets.users[held-user].daily-usd", "0.01"),
                Map.entry("agentry.models.offline.latency-ms", "100"));
        a = ServerProcess.start("guardrails-a", settings);
        b = ServerProcess.start("guardrails-b", settings);
    }

    @AfterAll
    static void stop() {
        for (ServerProcess server : new ServerProcess[] {a, b}) {
            if (server != null) {
                server.close();
            }
        }
        if (redis != null) {
            redis.deleteKeys(prefix);
            redis.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theEleventhRequestInAWindowIsRefusedWhicheverProcessItReaches() {
        String user = "rl-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("message", "hi", "user_id", user);
        for (int i = 1; i <= 10; i++) {
            ApiClient.Response ok = (i % 2 == 0 ? b : a).api().postJson("/run", "service-key", body);
            assertThat(ok.status()).as("request %d: %s", i, ok.body()).isEqualTo(200);
            assertThat(ok.header("ratelimit-policy")).isEqualTo("\"user\";q=10;w=60");
            assertThat(ok.header("ratelimit")).as("counted across both processes").startsWith("\"user\";r=" + (10 - i) + ";t=");
        }

        for (ServerProcess server : new ServerProcess[] {a, b}) {
            ApiClient.Response refused = server.api().postJson("/run", "service-key", body);
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.header("content-type")).startsWith("application/problem+json");
            JsonNode problem = refused.json();
            assertThat(problem.get("type").asString()).isEqualTo("https://agentry.dev/problems/rate-limited");
            assertThat(problem.get("detail").asString()).isEqualTo("Rate limit exceeded: max 10 requests per 60s");
            long retryAfter = Long.parseLong(refused.header("retry-after"));
            assertThat(retryAfter).isBetween(1L, 60L);
            assertThat(refused.header("ratelimit-policy")).isEqualTo("\"user\";q=10;w=60");
            assertThat(refused.header("ratelimit")).isEqualTo("\"user\";r=0;t=" + retryAfter);
        }
        assertThat(a.api().get("/health/ready", null).status()).isEqualTo(200);
    }

    @Test
    void fiftyConcurrentRunsOnTwoProcessesNeverPassABudgetThatFitsTen() throws Exception {
        String user = "budget-user";
        Map<String, Object> body = Map.of("message", "what is 17*23?", "user_id", user, "budget", Map.of("max_cost_usd", 0.001));
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        List<ApiClient.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ServerProcess server = i % 2 == 0 ? a : b;
                futures.add(pool.submit(() -> server.api().postJson("/run", "bulk-key", body)));
            }
            for (Future<ApiClient.Response> f : futures) {
                responses.add(f.get());
            }
        }

        List<JsonNode> admitted = responses.stream().filter(r -> r.status() == 200).map(ApiClient.Response::json).toList();
        assertThat(admitted.size()).isBetween(10, 49);
        responses.stream().filter(r -> r.status() != 200).forEach(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(429);
            assertThat(r.json().get("type").asString()).isEqualTo("https://agentry.dev/problems/spend-budget-exceeded");
            assertThat(r.json().get("budget_usd").decimalValue()).isEqualByComparingTo("0.01");
            assertThat(Instant.parse(r.json().get("resets_at").asString()))
                    .isEqualTo(day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            assertThat(Long.parseLong(r.header("retry-after"))).isPositive();
        });
        BigDecimal admittedCost = admitted.stream().map(r -> r.get("cost_usd").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);

        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        assertThat(jdbc.sql("select count(*) from runs where user_id = ?").param(user).query(Long.class).single())
                .as("exactly the admitted runs are recorded").isEqualTo(admitted.size());
        BigDecimal recorded = jdbc.sql("select sum(cost_usd) from runs where user_id = ?").param(user).query(BigDecimal.class).single();
        assertThat(recorded).isEqualByComparingTo(admittedCost).isLessThanOrEqualTo(new BigDecimal("0.01"));
        String counted = redis.template().opsForValue().get(prefix + "spend:user:" + user + ":day:" + day);
        assertThat(BigDecimal.valueOf(Long.parseLong(counted), 10)).as("the shared counter settled to the real cost")
                .isEqualByComparingTo(admittedCost);

        JsonNode usage = b.api().get("/usage?group_by=user&user_id=" + user, "admin-key").json();
        assertThat(usage.get("total").get("runs").asLong()).isEqualTo(admitted.size());
        assertThat(usage.get("total").get("cost_usd").decimalValue()).isEqualByComparingTo(admittedCost);
    }

    /**
     * A replica killed in the middle of a streamed run can neither settle the run's spend reservation nor end its
     * event stream: both are left to the other replicas once the run is presumed lost (its time limit, 8 s here,
     * plus the grace, 1 s: 9 s in all, room enough on a slow machine to see the hold before it lapses).
     */
    @Test
    void aReplicaKilledMidRunLeavesNeitherItsReservationNorItsStreamBehindOnceTheRunIsPresumedLost() throws Exception {
        String user = "held-user";
        Map<String, Object> body = Map.of("message", "hello", "user_id", user, "budget", Map.of("max_cost_usd", 0.01));
        String holds = prefix + "spend:user:" + user + ":day:" + LocalDate.now(ZoneOffset.UTC) + ":holds";
        Map<String, String> slow = new HashMap<>(settings);
        slow.put("agentry.models.offline.latency-ms", "600000");
        slow.put("agentry.agents.default.time-limit", "8s");
        slow.put("agentry.runs.grace-after-time-limit", "1s");
        ServerProcess doomed = ServerProcess.start("guardrails-doomed", slow);
        Map<String, Object> streamed = new HashMap<>(body);
        streamed.put("stream", true);
        try (SseClient stream = SseClient.post(doomed.port(), "/run", "bulk-key", ApiClient.JSON.writeValueAsString(streamed), 0)) {
            // the stream is answered once the run has started, so its reservation is made
            String runId = stream.next().json().get("run_id").asString();
            assertThat(redis.template().opsForZSet().zCard(holds)).isEqualTo(1);
            doomed.kill();

            ApiClient.Response refused = a.api().postJson("/run", "bulk-key", body);
            assertThat(refused.status()).as("held by the dead run: %s", refused.body()).isEqualTo(429);
            assertThat(refused.json().get("type").asString()).isEqualTo("https://agentry.dev/problems/spend-budget-exceeded");

            // given back once the run is presumed lost, by whichever replica looks next
            ApiClient.Response admitted = await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> b.api().postJson("/run", "bulk-key", body), r -> r.status() != 429);
            assertThat(admitted.status()).as(admitted.body()).isEqualTo(200);
            assertThat(redis.template().opsForZSet().zCard(holds)).as("the dead run's hold is gone").isZero();

            // and a client following the dead run's stream gets its end instead of heartbeats for ever
            try (SseClient following = SseClient.get(a.port(), "/runs/" + runId + "/events", "bulk-key")) {
                following.readTimeout(Duration.ofSeconds(30));
                List<SseClient.Event> events = following.readToEnd();
                assertThat(events).extracting(SseClient.Event::type).containsExactly("run.started", "run.failed");
                assertThat(events.getLast().json().get("error").asString())
                        .isEqualTo("The run was lost: the server running it stopped before it ended");
            }
        } finally {
            doomed.close();
        }
    }
}
