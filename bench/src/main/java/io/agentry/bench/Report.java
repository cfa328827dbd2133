package io.agentry.bench;

import static io.agentry.bench.ReportCells.cpu;
import static io.agentry.bench.ReportCells.errors;
import static io.agentry.bench.ReportCells.fmt;
import static io.agentry.bench.ReportCells.mib;
import static io.agentry.bench.ReportCells.num;
import static io.agentry.bench.ReportCells.row;
import static io.agentry.bench.ReportCells.text;
import static io.agentry.bench.ResultFiles.load;
import static io.agentry.bench.ResultFiles.modelLatencyMs;
import static io.agentry.bench.ResultFiles.note;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a results directory of {@code bench/run.sh} into the Markdown of BENCHMARKS.md's load-test section,
 * and puts it between that section's markers, leaving the rest of the file (other benchmarks, the analysis)
 * as it is.
 *
 * <p>Files read (all optional but {@code machine.json}): {@code sync-c<N>.json}, {@code slow-c<N>.json},
 * {@code tasks-*.json}, {@code ttft-embedded.json} and {@code ttft-redis.json} or {@code ttft.skipped},
 * {@code coldstart.json}, a {@code .load} file (the load average when the scenario started) and a {@code .cmd}
 * file (its command) beside each.
 */
final class Report {


    /**
     * The targets checked against these figures: issue 7's streaming overhead and issue 9's cold start. Throughput,
     * tails, tasks and memory have no absolute target any more: issue 17 sets them as ratios to the Python peer, which
     * {@code bench/run.sh versus} measures side by side ({@link VersusReport}).
     */
    static final double STREAM_OVERHEAD_MS = 2;
    static final double COLD_START_MS = 1_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final StringBuilder md = new StringBuilder();
    private final List<String[]> targets = new ArrayList<>();

    Report(Path dir) {
        this.dir = dir;
    }

    String markdown() throws IOException {
        JsonNode machine = read("machine.json");
        md.append("Measured ").append(text(machine, "date")).append(" at commit `").append(text(machine, "commit"))
                .append("` by `bench/run.sh").append(text(machine, "args").isBlank() ? "" : " " + text(machine, "args"))
                .append("`.\n\n");
        md.append("**Machine.** ").append(text(machine, "cpus")).append(" CPUs (").append(text(machine, "cpu_model"))
                .append("), ").append(text(machine, "memory")).append(" RAM, ").append(text(machine, "os")).append(", ")
                .append(text(machine, "jdk")).append(". The load generator runs on the same machine. Load average when the "
                        + "suite started: ").append(text(machine, "load")).append(" (other builds and tests share the "
                        + "machine; each scenario's own is shown with it).\n\n");
        String jvm = text(machine, "server_jvm_options");
        md.append("**Server.** `java ").append(jvm.isBlank() || jvm.startsWith("(") ? "" : jvm + " ")
                .append("-jar server/target/agentry.jar`, "
                + "embedded (H2 file store, role `all`), offline model, rate limits off; a fresh working directory "
                + "(empty store) per scenario. Scenario settings are given with each.\n\n");
        sync();
        slow();
        tasks();
        ttft();
        coldStart();
        md.append("### Against the targets\n\nThroughput, tails, background tasks and memory are held to ratios to the "
                + "Python peer (issue 17), measured side by side by `bench/run.sh versus` (see \"Side by side with the "
                + "Python stack\"); the figures above have no absolute target.\n\n| target | measured | met |\n|---|---|---|\n");
        for (String[] t : targets) {
            md.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n");
        }
        md.append("\n");
        return md.toString();
    }

    private void sync() throws IOException {
        List<Path> files = files("sync-c");
        if (files.isEmpty()) {
            return;
        }
        md.append("### 1. `POST /run`, zero-latency model\n\nClosed loop: each client sends the next run as soon as the "
                + "last one answered (`{\"message\":\"hello\"}`: one model call, no tool). 5 s warm-up, then 20 s "
                + "measured, after a 15 s warm-up of the server at 64 clients.\n\n");
        md.append("| clients | runs/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU per run | server RSS peak "
                + "| load avg |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Path file : files) {
            JsonNode r = JSON.readTree(file.toFile());
            JsonNode l = r.get("latency_ms");
            md.append(row(r.get("clients").asInt() + note(file), num(r, "throughput_per_s", 0), num(l, "p50", 2),
                    num(l, "p90", 2), num(l, "p99", 2), num(l, "max", 1), errors(r), cpu(r), mib(r, "server_rss_peak_mib"),
                    load(file)));
        }
        commands(files);
    }

    private void slow() throws IOException {
        List<Path> files = files("slow-c");
        if (files.isEmpty()) {
            return;
        }
        md.append("### 2. `POST /run`, model latency 1,000 ms\n\nClosed loop, one keep-alive connection per client, "
                + "clients started over the ramp; measured after the warm-up. Server: "
                + "`--agentry.models.offline.latency-ms=1000 --server.tomcat.max-connections=20000 "
                + "--server.tomcat.accept-count=4096 --server.tomcat.max-keep-alive-requests=-1`.\n\n");
        md.append("| clients | completed | runs/s | errors | p50 ms | p99 ms | max ms | server CPU per run | server RSS peak "
                + "| load avg |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Path file : files) {
            JsonNode r = JSON.readTree(file.toFile());
            JsonNode l = r.get("latency_ms");
            md.append(row(r.get("clients").asInt() + note(file), r.get("completed").asLong(), num(r, "throughput_per_s", 0),
                    errors(r), num(l, "p50", 0), num(l, "p99", 0), num(l, "max", 0), cpu(r), mib(r, "server_rss_peak_mib"),
                    load(file)));
        }
        commands(files);
    }

    private void tasks() throws IOException {
        List<Path> files = files("tasks-");
        if (files.isEmpty()) {
            return;
        }
        md.append("### 3. Background tasks\n\nTasks submitted through `POST /tasks` (64 clients) for one user; "
                + "enqueue→start is each task's `started_at − created_at` (server clock, when a worker claimed it), the "
                + "drain rate is tasks per second from the first `created_at` to the last `finished_at`, submission "
                + "and draining overlapping. One process (role `all`) is the worker. The zero-latency batch is measured "
                + "after four batches of the same size have warmed the server up; the others start cold.\n\n");
        md.append("| scenario | tasks | worker slots | submitted/s | enqueue→start p50 ms | p99 ms | drain s | drained/s "
                + "| statuses | server RSS | load avg |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Path file : files) {
            JsonNode r = JSON.readTree(file.toFile());
            JsonNode s = r.get("enqueue_to_start_ms");
            String rss = r.has("server_rss_while_running_mib")
                    ? num(r, "server_rss_while_running_mib", 0) + " MiB while all wait (idle " + num(r, "server_rss_idle_mib", 0) + ")"
                    : r.has("server_rss_idle_mib") ? num(r, "server_rss_idle_mib", 0) + " MiB idle" : "";
            md.append(row(text(r, "label") + note(file), r.get("tasks").asInt(), text(r, "slots"),
                    num(r, "submit_per_s", 0), num(s, "p50", 1), num(s, "p99", 1), num(r, "drain_seconds", 2),
                    num(r, "drain_per_s", 0),
                    r.get("statuses").toString().replace("\"", "").replace(",", ", "), rss, load(file)));
        }
        commands(files);
    }

    private void ttft() throws IOException {
        Path skipped = dir.resolve("ttft.skipped");
        List<Path> files = files("ttft-");
        if (!Files.exists(skipped) && files.isEmpty()) {
            return;
        }
        md.append("### 4. Time to first streamed token\n\n");
        if (Files.exists(skipped)) {
            md.append(Files.readString(skipped).strip()).append("\n\n");
            targets.add(new String[] {"streaming overhead ≤ 2 ms", "not measured (no streaming on this build)", "–"});
            return;
        }
        double model = modelLatencyMs(files.getFirst());
        md.append("`POST /run` with `\"stream\": true` (`Accept: text/event-stream`), one client, each stream read to its "
                + "end; the offline model waits ").append(fmt(model, 0)).append(" ms before its first token "
                + "(`--agentry.models.offline.latency-ms=").append(fmt(model, 0)).append("`), measured after the server "
                + "was warmed up with 64 concurrent streams for the server warm-up time. Overhead = time to the first "
                + "`token` event − ").append(fmt(model, 0)).append(" ms. Event log: the embedded mode's in-process one, "
                + "and Redis Streams (the distributed mode's, with `agentry.redis.url` set) when Redis answers.\n\n");
        md.append("| event log | streams | first token p50 ms | p90 ms | p99 ms | overhead p50 ms | overhead p99 ms "
                + "| whole stream p50 ms | load avg |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Path file : files) {
            JsonNode r = JSON.readTree(file.toFile());
            JsonNode t = r.get("first_token_ms");
            double p50 = t.get("p50").asDouble();
            double p99 = t.get("p99").asDouble();
            double latency = modelLatencyMs(file);
            md.append(row(text(r, "label") + note(file), t.get("count").asLong(), fmt(p50, 2), num(t, "p90", 2),
                    fmt(p99, 2), fmt(p50 - latency, 2), fmt(p99 - latency, 2), num(r.get("latency_ms"), "p50", 2),
                    load(file)));
            targets.add(new String[] {"streaming overhead ≤ 2 ms (p50, " + text(r, "label") + ")",
                    fmt(p50 - latency, 2) + " ms", p50 - latency <= STREAM_OVERHEAD_MS ? "yes" : "**no**"});
        }
        commands(files);
    }

    private void coldStart() throws IOException {
        Path file = dir.resolve("coldstart.json");
        if (!Files.exists(file)) {
            return;
        }
        JsonNode r = JSON.readTree(file.toFile());
        if (!r.has("variants")) {
            md.append("### 5. Cold start\n\n`coldstart.json` is from an older cold-start tool (no variants); run "
                    + "`bench/run.sh coldstart` again.\n\n");
            return;
        }
        md.append("### 5. Cold start\n\nFrom launching the JVM to its first successful `POST /run` (polled every 5 ms), "
                + "stopped with SIGTERM between starts; ").append(text(r, "store")).append(". *plain*: `java -jar "
                + "agentry.jar`; *extracted*: the jar's layers extracted; *aot*: extracted with the JDK AOT cache, what the "
                + "container image runs (both made by `deploy/app-image.sh`, as the Dockerfile does). A first, uncounted "
                + "start creates and migrates the store (").append(num(r.get("migrating_start"), "wall_ms", 0))
                .append(" ms); the measured starts find it in place. Rounds interleave the variants.");
        if (!text(r, "jvm_options").isBlank()) {
            md.append(" JVM options: `").append(text(r, "jvm_options")).append("`.");
        }
        md.append("\n\n| variant | starts | median ms | min ms | max ms | server CPU median ms | load avg |\n"
                + "|---|---|---|---|---|---|---|\n");
        JsonNode fastest = null;
        for (JsonNode v : r.get("variants")) {
            JsonNode wall = v.get("wall_ms");
            md.append(row(text(v, "name") + note(file), v.get("each_ms").size(), num(wall, "median", 0), num(wall, "min", 0),
                    num(wall, "max", 0), num(v, "cpu_median_ms", 0), load(file)));
            if (fastest == null || wall.get("median").asDouble() < fastest.get("wall_ms").get("median").asDouble()) {
                fastest = v;
            }
        }
        commands(List.of(file));
        if (fastest != null) {
            double median = fastest.get("wall_ms").get("median").asDouble();
            targets.add(new String[] {"cold start ≤ 1.0 s (issue 9; fastest variant, median)",
                    fmt(median, 0) + " ms (" + text(fastest, "name") + ")", median <= COLD_START_MS ? "yes" : "**no**"});
        }
    }

    private List<Path> files(String prefix) throws IOException {
        try (var stream = Files.list(dir)) {
            Function<Path, Long> order = p -> {
                String digits = p.getFileName().toString().replaceAll("\\D", "");
                return digits.isEmpty() ? 0 : Long.parseLong(digits.length() > 9 ? digits.substring(0, 9) : digits);
            };
            return stream.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".json"))
                    .sorted((a, b) -> {
                        int byNumber = Long.compare(order.apply(a), order.apply(b));
                        return byNumber != 0 ? byNumber : a.compareTo(b);
                    }).toList();
        }
    }

    private void commands(List<Path> files) throws IOException {
        md.append("\n```sh\n");
        for (Path file : files) {
            Path cmd = Path.of(file.toString().replace(".json", ".cmd"));
            if (Files.exists(cmd)) {
                md.append(Files.readString(cmd).strip()).append("\n");
            }
        }
        md.append("```\n\n");
    }

    private JsonNode read(String name) throws IOException {
        return JSON.readTree(dir.resolve(name).toFile());
    }
}
