package io.agentry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task figures come from the tasks' own timestamps, read through every page of {@code GET /tasks}. */
class TaskDrainTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final int TASKS = 150;

    private final AtomicInteger submitted = new AtomicInteger();
    private final TestServer server;

    TaskDrainTest() throws Exception {
        server = new TestServer()
                .on("/tasks", e -> {
                    if (e.getRequestMethod().equals("POST")) {
                        int n = submitted.getAndIncrement();
                        TestServer.respond(e, 202, "application/json", "{\"task_id\":\"t" + n + "\",\"status\":\"queued\"}", false);
                        return;
                    }
                    String query = e.getRequestURI().getQuery();
                    if (query.contains("status=")) {
                        TestServer.respond(e, 200, "application/json", "{\"tasks\":[],\"next_cursor\":null}", false);
                        return;
                    }
                    int from = query.contains("cursor=") ? 100 : 0;
                    int to = Math.min(TASKS, from + 100);
                    List<String> page = new ArrayList<>();
                    for (int i = from; i < to; i++) {
                        Instant created = T0.plusMillis(i);
                        Instant started = created.plusMillis(i % 2 == 0 ? 10 : 30);
                        page.add("{\"task_id\":\"t" + i + "\",\"status\":\"completed\",\"created_at\":\"" + created
                                + "\",\"started_at\":\"" + started + "\",\"finished_at\":\"" + started.plusMillis(5) + "\"}");
                    }
                    TestServer.respond(e, 200, "application/json", "{\"tasks\":[" + String.join(",", page)
                            + "],\"next_cursor\":" + (to < TASKS ? "\"t99\"" : "null") + "}", false);
                })
                .on("/metrics", e -> TestServer.respond(e, 200, "text/plain",
                        "# TYPE agent_worker_slots_busy gauge\nagent_worker_slots_busy " + TASKS + ".0\n", false));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void enqueueToStartAndDrainRateComeFromTheTasksTimestamps() throws Exception {
        Map<String, Object> result = new TaskDrain(new TaskDrain.Settings(server.target(), "k", "u", "hello", TASKS, 8,
                TASKS, Duration.ofSeconds(30))).run(null);

        assertThat(submitted).hasValue(TASKS);
        assertThat(result).containsEntry("tasks", TASKS).containsEntry("submit_refused", 0L)
                .containsEntry("statuses", Map.of("completed", TASKS));
        Map<String, Object> toStart = (Map<String, Object>) result.get("enqueue_to_start_ms");
        // HdrHistogram keeps 3 significant digits
        assertThat(toStart).containsEntry("count", (long) TASKS);
        assertThat((Double) toStart.get("p50")).isCloseTo(10.0, within(0.02));
        assertThat((Double) toStart.get("p99")).isCloseTo(30.0, within(0.04));
        // the first task was created at T0, the last finished at T0 + 149 + 30 + 5 ms
        assertThat(result).containsEntry("drain_seconds", 0.184).containsEntry("drain_per_s", 815.2);
        assertThat(result).containsKey("all_running_after_s");
    }
}
