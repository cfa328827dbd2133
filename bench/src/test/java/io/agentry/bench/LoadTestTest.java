package io.agentry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loops send exactly what they are bounded to and sort answers into successes and errors. */
class LoadTestTest {

    private final AtomicInteger served = new AtomicInteger();
    private final TestServer server;

    LoadTestTest() throws Exception {
        server = new TestServer()
                .on("/run", e -> {
                    served.incrementAndGet();
                    TestServer.respond(e, 200, "application/json", "{\"success\":true}", false);
                })
                .on("/fail", e -> TestServer.respond(e, 500, "application/json", "{}", false))
                .on("/unhappy", e -> TestServer.respond(e, 200, "application/json", "{\"success\":false}", false));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LoadResult run(String path, int clients, double rate, long requests) throws Exception {
        return run(path, clients, rate, requests, null);
    }

    private LoadResult run(String path, int clients, double rate, long requests, RssSampler serverProcess) throws Exception {
        return new LoadTest(new LoadTest.Settings(server.target(), "POST", path, "k", null, "{}", clients, rate, 100,
                requests, Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10),
                "\"success\":true")).run(serverProcess);
    }

    @Test
    void withTheServersPidItReportsItsMemoryAndCpuPerRequest() throws Exception {
        // the test server runs in this JVM: its CPU time is this process's
        LoadResult result = run("/run", 4, 0, 200, new RssSampler(ProcessHandle.current().pid(), Duration.ofMillis(10)));

        assertThat(result.serverCpuMsPerRequest()).isNotNull().isPositive();
        assertThat(result.toMap()).containsKeys("server_rss_peak_mib", "server_cpu_ms_per_request");
        assertThat(run("/run", 1, 0, 5).toMap()).doesNotContainKey("server_cpu_ms_per_request");
    }

    @Test
    void aClosedLoopSendsExactlyItsRequestBudget() throws Exception {
        LoadResult result = run("/run", 4, 0, 100);

        assertThat(result.completed()).isEqualTo(100);
        assertThat(result.errorCount()).isZero();
        assertThat(served).hasValue(100);
        assertThat(result.latencyMicros().getTotalCount()).isEqualTo(100);
        assertThat(result.toMap()).containsEntry("loop", "closed").containsEntry("clients", 4)
                // no warm-up: every answer began in the window, and all ended in it
                .containsEntry("answered_in_window", 100L);
        assertThat(result.answeredInWindow()).isEqualTo(100);
    }

    @Test
    void anOpenLoopSendsExactlyItsRequestBudgetOnSchedule() throws Exception {
        LoadResult result = run("/run", 1, 500, 50);

        assertThat(result.completed()).isEqualTo(50);
        assertThat(served).hasValue(50);
        assertThat(result.toMap()).containsEntry("loop", "open");
    }

    @Test
    void errorStatusesAndUnexpectedBodiesAreErrorsByKind() throws Exception {
        assertThat(run("/fail", 2, 0, 10).errors()).containsEntry("http_500", 10L);
        LoadResult unhappy = run("/unhappy", 2, 0, 10);
        assertThat(unhappy.completed()).isZero();
        assertThat(unhappy.answeredInWindow()).isZero();
        assertThat(unhappy.errors()).containsEntry("unexpected_body", 10L);
    }
}
