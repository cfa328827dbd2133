package io.agentry.server.guardrails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.limits.SpendCounter;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.GuardrailsServerTest;
import io.agentry.store.UsageLedger;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Spend budgets in embedded mode (in-process counter), over real HTTP. */
@GuardrailsServerTest
class BudgetApiTest {

    @LocalServerPort
    int port;
    @Autowired
    io.agentry.server.tasks.TaskWorker worker;
    @Autowired
    SpendBudgets budgets;
    @Autowired
    SpendCounter counter;
    @Autowired
    UsageLedger ledger;

    /** What the ledger recorded for a user in the last day and the next: runs and their summed cost. */
    static UsageLedger.UsageLine recent(UsageLedger ledger, String user) {
        Instant now = Instant.now();
        List<UsageLedger.UsageLine> lines = ledger.usage(new UsageLedger.UsageQuery(now.minusSeconds(86_400),
                now.plusSeconds(86_400), user, UsageLedger.GroupBy.USER));
        return lines.isEmpty() ? null : lines.getFirst();
    }

    static void assertBudgetExceeded(ApiClient.Response response, String scope, String period) {
        assertThat(response.status()).as(response.body()).isEqualTo(429);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("https://agentry.dev/problems/spend-budget-exceeded");
        assertThat(problem.get("scope").asString()).isEqualTo(scope);
        assertThat(problem.get("period").asString()).isEqualTo(period);
        assertThat(problem.get("detail").asString()).contains("spend budget of $"
                + problem.get("budget_usd").decimalValue().stripTrailingZeros().toPlainString());
        Instant resetsAt = Instant.parse(problem.get("resets_at").asString());
        long retryAfter = Long.parseLong(response.header("retry-after"));
        long untilReset = resetsAt.getEpochSecond() - Instant.now().getEpochSecond();
        assertThat(retryAfter).isBetween(untilReset - 5, untilReset + 5);
    }

    @Test
    void fiftyConcurrentRunsAgainstABudgetThatFitsTenNeverExceedIt() throws Exception {
        String user = "budget-user";
        // each run may cost at most $0.001, so the $0.01 daily budget fits ten reservations at once
        Map<String, Object> body = Map.of("message", "what is 17*23?", "user_id", user,
                "budget", Map.of("max_cost_usd", 0.001));
        ApiClient api = new ApiClient(port);
        Instant started = Instant.now();
        List<ApiClient.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(pool.submit(() -> api.postJson("/run", "service-key", body)));
            }
            for (Future<ApiClient.Response> f : futures) {
                responses.add(f.get());
            }
        }

        List<ApiClient.Response> admitted = responses.stream().filter(r -> r.status() == 200).toList();
        List<ApiClient.Response> refused = responses.stream().filter(r -> r.status() != 200).toList();
        assertThat(admitted.size()).isBetween(10, 49);
        refused.forEach(r -> assertBudgetExceeded(r, "user", "day"));
        BigDecimal admittedCost = admitted.stream().map(r -> r.json().get("cost_usd").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);

        UsageLedger.UsageLine recorded = recent(ledger, user);
        assertThat(recorded.runs()).as("exactly the admitted runs are recorded").isEqualTo(admitted.size());
        assertThat(recorded.costUsd()).isEqualByComparingTo(admittedCost);
        assertThat(recorded.costUsd()).isLessThanOrEqualTo(new BigDecimal("0.01"));
        BigDecimal counted = counter.spent(budgets.limits(user, "service", started)).getFirst();
        assertThat(counted).as("every reservation settled to the real cost").isEqualByComparingTo(admittedCost);
    }

    @Test
    void aFailedRunIsChargedWhatItSpentAndAMonthlyBudgetRefusesWithItsReset() {
        ApiClient api = new ApiClient(port);
        // $0.0005 a month: a run capped at 300 tokens (worst case $0.00018) fits, and fails on its token budget
        ApiClient.Response failed = api.postJson("/run", "service-key", Map.of("message", "what is 17*23?",
                "user_id", "month-user", "budget", Map.of("max_tokens", 300, "max_cost_usd", 0.0004)));
        assertThat(failed.status()).isEqualTo(200);
        assertThat(failed.json().get("success").asBoolean()).isFalse();
        BigDecimal cost = failed.json().get("cost_usd").decimalValue();
        assertThat(cost).isPositive();
        assertThat(counter.spent(budgets.limits("month-user", "service", Instant.now())).getFirst()).isEqualByComparingTo(cost);

        // with no cap of its own the next run's worst case is all 50,000 tokens: $0.03
        ApiClient.Response refused = api.postJson("/run", "service-key", Map.of("message", "hi", "user_id", "month-user"));
        assertBudgetExceeded(refused, "user", "month");
        assertThat(refused.json().get("resets_at").asString())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        assertThat(recent(ledger, "month-user").runs()).isEqualTo(1);
    }

    @Test
    void aKeyBudgetAppliesToEveryUserOfTheKey() {
        ApiClient.Response refused = new ApiClient(port).postJson("/run", "capped-key", Map.of("message", "hi", "user_id", "anyone"));
        assertBudgetExceeded(refused, "key", "day");
        assertThat(refused.json().get("budget_usd").decimalValue()).isEqualByComparingTo("0.000001");
    }

    @Test
    void usersWithoutABudgetAreNotAffected() {
        assertThat(new ApiClient(port).postJson("/run", "service-key", Map.of("message", "hi", "user_id", "free-user")).status())
                .isEqualTo(200);
    }

    @Test
    void tasksAndStreamsOverABudgetAreRefusedBeforeTheyAreQueuedOrStreamed() {
        ApiClient api = new ApiClient(port);
        assertBudgetExceeded(api.postJson("/tasks", "capped-key", Map.of("message", "hi", "user_id", "anyone")), "key", "day");
        assertBudgetExceeded(api.postJson("/run", "capped-key", Map.of("message", "hi", "user_id", "anyone", "stream", true)),
                "key", "day");
    }

    @Test
    void aTaskThatNoLongerFitsItsUsersBudgetWhenItStartsFailsAtOnce() {
        ApiClient api = new ApiClient(port);
        // both fit the $0.01 day on their own, so both are accepted while no worker runs; started together,
        // only one worst case ($0.009 each) fits
        worker.stop();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                ApiClient.Response accepted = api.postJson("/tasks", "service-key", Map.of("message", "task " + i,
                        "user_id", "task-user", "budget", Map.of("max_cost_usd", 0.009)));
                assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
                ids.add(accepted.json().get("task_id").asString());
            }
        } finally {
            worker.start();
        }
        List<JsonNode> done = ids.stream().map(id -> await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/tasks/" + id, "service-key").json(),
                        t -> t.get("status").asString().matches("completed|failed"))).toList();
        assertThat(done).extracting(t -> t.get("status").asString()).containsExactlyInAnyOrder("completed", "failed");
        JsonNode failed = done.stream().filter(t -> t.get("status").asString().equals("failed")).findFirst().orElseThrow();
        assertThat(failed.get("error").asString()).startsWith("Daily spend budget of $0.01");
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aRetriedTaskSubmissionGetsItsTaskEvenWhenTheBudgetWouldRefuseItNow() {
        ApiClient api = new ApiClient(port);
        // $0.001 a day; the task's own cap ($0.00099) fits until it has spent anything
        Map<String, Object> body = Map.of("message", "what is 17*23?", "user_id", "retry-user",
                "budget", Map.of("max_cost_usd", 0.00099));
        ApiClient.Response accepted = api.postJson("/tasks", "service-key", body, "Idempotency-Key", "order-17");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String taskId = accepted.json().get("task_id").asString();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/tasks/" + taskId, "service-key").json().get("status").asString().equals("completed"));
        assertBudgetExceeded(api.postJson("/tasks", "service-key", body, "Idempotency-Key", "order-18"), "user", "day");

        ApiClient.Response retried = api.postJson("/tasks", "service-key", body, "Idempotency-Key", "order-17");

        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("task_id").asString()).isEqualTo(taskId);
        assertThat(retried.json().get("status").asString()).isEqualTo("completed");
    }
}
