package io.agentry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The three load clients' output read alike: 2xx answers per second, the rest counted as errors by kind. */
class ClientRunTest {

    /** Real outputs of hey 0.1.4 and wrk 4.1.0 (with bench/versus/post.lua), kept in src/test/resources/versus. */
    private static String output(String name) throws IOException {
        try (InputStream in = ClientRunTest.class.getResourceAsStream("/versus/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void heyAnswersPercentilesAndTheSlowestAreReadInMilliseconds() throws Exception {
        ClientRun run = ClientRun.hey(output("hey-ok.out"));

        assertThat(run.ok()).isEqualTo(640);
        assertThat(run.errors()).isZero();
        assertThat(run.seconds()).isEqualTo(0.8319);
        assertThat(run.perSecond()).isCloseTo(640 / 0.8319, within(0.01));
        assertThat(run.p50()).isCloseTo(71.7, within(1e-9));
        assertThat(run.p90()).isCloseTo(132.9, within(1e-9));
        assertThat(run.p99()).isCloseTo(141.1, within(1e-9));
        assertThat(run.max()).isCloseTo(144.8, within(1e-9));
        assertThat(run.errorText()).isEqualTo("0");
    }

    @Test
    void heyAnswersOutside2xxAndRequestsWithoutAnAnswerAreErrorsAndNotThroughput() throws Exception {
        ClientRun run = ClientRun.hey(output("hey-mixed.out"));

        assertThat(run.ok()).isEqualTo(140);
        assertThat(run.errorKinds()).containsExactlyInAnyOrderEntriesOf(Map.of("http_503", 40L, "timeout", 20L));
        assertThat(run.errors()).isEqualTo(60);
        // hey's own Requests/sec (20.57) counts the 503s and the timeouts
        assertThat(run.perSecond()).isCloseTo(140 / 9.7252, within(0.001));
        assertThat(run.errorText()).isEqualTo("60 {http_503:40, timeout:20}");
    }

    @Test
    void heyWithoutAnyAnswerHasNoLatenciesAndWithFewAnswersNoP99() throws Exception {
        ClientRun refused = ClientRun.hey(output("hey-refused.out"));
        assertThat(refused.ok()).isZero();
        assertThat(refused.errorKinds()).containsExactly(Map.entry("connection_refused", 20L));
        assertThat(refused.perSecond()).isZero();
        assertThat(refused.p50()).isNaN();
        assertThat(refused.max()).isNaN();

        // 64 answers: hey prints "0% in 0.0000 secs" where the 99th percentile would be
        ClientRun few = ClientRun.hey(output("hey-few.out"));
        assertThat(few.ok()).isEqualTo(64);
        assertThat(few.p50()).isCloseTo(1984.6, within(1e-9));
        assertThat(few.p99()).isNaN();
        assertThat(few.max()).isCloseTo(2424.2, within(1e-9));

        assertThatThrownBy(() -> ClientRun.hey("hey: command not found")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrkFiguresComeFromTheScriptsLineAndItsStatusErrorsAreNotThroughput() throws Exception {
        ClientRun run = ClientRun.wrk(output("wrk.out"));
        assertThat(run.ok()).isEqualTo(1709);
        assertThat(run.errors()).isZero();
        assertThat(run.seconds()).isEqualTo(2.030915);
        assertThat(run.p50()).isEqualTo(72.935);
        assertThat(run.p99()).isEqualTo(129.052);
        assertThat(run.max()).isEqualTo(134.168);

        ClientRun refused = ClientRun.wrk("""
                Running 2s test @ http://127.0.0.1:18491/run
                {"wrk":1,"requests":2493,"duration_us":2000000,"bytes":406359,"errors":{"connect":2,"read":0,"write":0,"status":2493,"timeout":1},"latency_us":{"mean":52333.0,"p50":47790,"p90":91759,"p99":131203,"p999":131339,"max":131351}}
                """);
        assertThat(refused.ok()).isZero();
        assertThat(refused.errorKinds()).containsExactlyInAnyOrderEntriesOf(
                Map.of("http_not_2xx_3xx", 2493L, "connect", 2L, "timeout", 1L));
        assertThat(refused.perSecond()).isZero();

        assertThatThrownBy(() -> ClientRun.wrk("unable to connect to 127.0.0.1:18491 Connection refused\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLoadGeneratorsRateIsWhatEndedInItsWindow() {
        JsonMapper json = JsonMapper.builder().build();
        ClientRun run = ClientRun.generator(json.readTree("""
                {"command":"load","loop":"closed","clients":256,"completed":4864,"answered_in_window":5120,"errors":3,
                 "error_kinds":{"io":3},"seconds":20.0,"throughput_per_s":243.2,"answered_in_window_per_s":256.0,
                 "latency_ms":{"count":4864,"mean":1001.0,"p50":1001.0,"p90":1002.0,"p99":1004.5,"p999":1010.0,"max":1020.25}}"""));
        assertThat(run).isEqualTo(new ClientRun("bench", 4864, 3, Map.of("io", 3L), 20.0, 256.0, 1001.0, 1002.0, 1004.5, 1020.25));

        // a result written before the generator counted answers in its window
        ClientRun older = ClientRun.generator(json.readTree("""
                {"completed":100,"errors":0,"error_kinds":{},"seconds":1.0,"throughput_per_s":100.0,
                 "latency_ms":{"count":100,"p50":1.0,"p90":2.0,"p99":3.0,"max":4.0}}"""));
        assertThat(older.perSecond()).isEqualTo(100.0);
    }
}
