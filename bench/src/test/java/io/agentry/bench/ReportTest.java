package io.agentry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report states each scenario's figures and the targets they meet, and replaces only its own block. */
class ReportTest {

    @TempDir
    Path dir;

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }

    /** machine.json as bench/run.sh writes it, for a run with these arguments. */
    private void writeMachine(String args) throws Exception {
        write("machine.json", """
                {"date":"2026-11-28 01:00 UTC","commit":"abc1234","args":"%s","cpus":"2","cpu_model":"AMD EPYC",
                 "memory":"23 GiB","os":"Linux 6.18","jdk":"openjdk 25","load":"0.5 0.4 0.3","server_jvm_options":"(defaults)"}"""
                .formatted(args));
    }

    @Test
    void figuresAndTargetsComeFromTheResults() throws Exception {
        writeMachine("");
        write("sync-c64.json", """
                {"clients":64,"completed":100000,"errors":0,"error_kinds":{},"throughput_per_s":21000.4,
                 "latency_ms":{"p50":2.1,"p90":4.0,"p99":9.5,"max":30.2},"server_rss_peak_mib":900.0,
                 "server_cpu_ms_per_request":0.08}""");
        write("sync-c64.cmd", "java ... load --clients 64");
        write("sync-c64.load", "1.00 0.90 0.80");
        write("sync-c1.json", """
                {"clients":1,"completed":1000,"errors":2,"error_kinds":{"timeout":2},"throughput_per_s":100,
                 "latency_ms":{"p50":1,"p90":1,"p99":2,"max":3}}""");
        write("tasks-zero.json", """
                {"label":"zero-latency model","slots":"32","tasks":2000,"submit_per_s":1500,
                 "enqueue_to_start_ms":{"p50":20,"p99":70},"drain_seconds":0.8,"drain_per_s":2600,
                 "statuses":{"completed":2000},"server_rss_idle_mib":400}""");
        write("ttft.skipped", "Not measured: no streaming.");
        write("coldstart.json", """
                {"command":"coldstart","store":"embedded H2, role all","jvm_options":"","runs":2,
                 "migrating_start":{"variant":"plain","wall_ms":7000},
                 "variants":[{"name":"plain","wall_ms":{"median":5000,"min":4800,"max":5200},"cpu_median_ms":9000,"each_ms":[4800,5200]},
                             {"name":"aot","wall_ms":{"median":2300,"min":2200,"max":2400},"cpu_median_ms":3000,"each_ms":[2200,2400]}]}""");

        String md = new Report(dir).markdown();

        assertThat(md).contains("2 CPUs (AMD EPYC), 23 GiB RAM").contains("`java -jar server/target/agentry.jar`")
                .contains("| 64 | 21,000 | 2.10 | 4.00 | 9.50 | 30.2 | 0 | 0.080 ms | 900 MiB | 1.00 0.90 0.80 |")
                .contains("| 1 | 100 |").contains("| 2 {timeout:2} | – |").contains("2 {timeout:2}")
                .contains("java ... load --clients 64")
                .contains("| zero-latency model | 2000 | 32 |")
                .contains("Not measured: no streaming.")
                .contains("embedded H2, role all").contains("(7,000 ms)")
                .contains("| plain | 2 | 5,000 | 4,800 | 5,200 | 9,000 |").contains("| aot | 2 | 2,300 | 2,200 | 2,400 | 3,000 |");
        // sync rows in client order, whatever the file order
        assertThat(md.indexOf("| 1 | 100 |")).isLessThan(md.indexOf("| 64 | 21,000 |"));
        // throughput, tails and tasks are held to ratios to the Python peer (bench/run.sh versus), not to figures here
        assertThat(md).doesNotContain("20,000 runs/s").doesNotContain("2,500 tasks/s").doesNotContain("≤ 50 ms")
                .contains("measured side by side by `bench/run.sh versus`")
                .contains("| streaming overhead ≤ 2 ms | not measured")
                .contains("| cold start ≤ 1.0 s (issue 9; fastest variant, median) | 2,300 ms (aot) | **no** |");
    }

    @Test
    void streamingOverheadIsTheFirstTokenTimeLessTheModelLatencyTheServerWasStartedWith() throws Exception {
        writeMachine("ttft");
        write("ttft-embedded.json", """
                {"label":"in-process","model-latency-ms":"40","clients":1,"completed":300,"errors":0,"error_kinds":{},
                 "first_token_ms":{"count":300,"p50":41.3,"p90":42.0,"p99":43.5},"latency_ms":{"p50":41.9}}""");
        write("ttft-redis.json", """
                {"label":"Redis Streams","model-latency-ms":"40","clients":1,"completed":280,"errors":0,"error_kinds":{},
                 "first_token_ms":{"count":280,"p50":42.5,"p90":43.0,"p99":44.0},"latency_ms":{"p50":43.1}}""");

        String md = new Report(dir).markdown();

        assertThat(md).contains("`--agentry.models.offline.latency-ms=40`")
                .contains("| in-process | 300 | 41.30 | 42.00 | 43.50 | 1.30 | 3.50 | 41.90 |")
                .contains("| Redis Streams | 280 | 42.50 | 43.00 | 44.00 | 2.50 | 4.00 | 43.10 |")
                .contains("| streaming overhead ≤ 2 ms (p50, in-process) | 1.30 ms | yes |")
                .contains("| streaming overhead ≤ 2 ms (p50, Redis Streams) | 2.50 ms | **no** |");
        assertThat(md.indexOf("| in-process |")).isLessThan(md.indexOf("| Redis Streams |"));
    }

    @Test
    void onlyTheGeneratedBlockIsReplaced() throws Exception {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, "# Benchmarks\n\n## Streaming\n\nTheirs.\n");

        GeneratedBlock.into(file, "first figures\n");
        Files.writeString(file, Files.readString(file) + "\n## Where we stand\n\nOurs, by hand.\n");
        GeneratedBlock.into(file, "second figures\n");

        String text = Files.readString(file);
        assertThat(text).startsWith("# Benchmarks\n\n## Streaming\n\nTheirs.\n")
                .contains("## Load tests (`bench/run.sh`)").contains("second figures").doesNotContain("first figures")
                .endsWith("## Where we stand\n\nOurs, by hand.\n");
        assertThat(text.split("bench/run.sh:begin", -1)).hasSize(2);
    }
}
