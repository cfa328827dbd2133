package io.agentry.bench;

import static io.agentry.bench.ReportCells.fmt;
import static io.agentry.bench.ReportCells.row;
import static io.agentry.bench.ReportCells.text;
import static io.agentry.bench.VersusFigures.AGENTRY;
import static io.agentry.bench.VersusFigures.PEER;
import static io.agentry.bench.VersusFigures.max;
import static io.agentry.bench.VersusFigures.median;
import static io.agentry.bench.VersusTargets.met;
import static io.agentry.bench.VersusTargets.ratio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Part 3 of {@link VersusReport}: background tasks drained by Celery and by Agentry's worker. */
final class VersusTasks {

    private final JsonNode settings;
    private final VersusFigures figures;
    private final VersusTargets targets;

    VersusTasks(JsonNode settings, VersusFigures figures, VersusTargets targets) {
        this.settings = settings;
        this.figures = figures;
        this.targets = targets;
    }

    void write(StringBuilder out) throws IOException {
        JsonNode tasks = settings.get("tasks");
        if (tasks == null) {
            return;
        }
        out.append("### 3. Background tasks, zero-latency model\n\n").append(fmt(tasks.get("count").asDouble(), 0))
                .append(" tasks submitted by ").append(tasks.get("clients").asInt()).append(" clients, after ")
                .append(tasks.get("warmup_batches").asInt()).append(" warm-up batches of the same size on each side. "
                        + "Peer: hey on `POST /tasks`, Celery prefork `--concurrency ").append(tasks.get("peer_concurrency").asInt())
                .append("`, figures from the tasks' own timestamps in the Redis result backend (the peer's `bench/drain.py`). "
                        + "Agentry: `bench/`'s `tasks` mode, the worker of the same process at its default concurrency "
                        + "(read from `agent_worker_slots_capacity`), figures from the tasks' timestamps in `GET /tasks`. Both: "
                        + "enqueue→start = start − enqueue per task; drain = tasks ÷ (last finish − first enqueue), "
                        + "submission and draining overlapping.\n\n");
        out.append("| round | side | worker concurrency | completed | failed | submitted/s | enqueue→start p50 ms | p99 ms "
                + "| max ms | drain s | drained/s | load avg |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<double[]> peer = new ArrayList<>();
        List<double[]> agentry = new ArrayList<>();
        for (int r = 1; r <= figures.rounds(); r++) {
            Optional<JsonNode> drain = figures.json("tasks", r, PEER, "drain");
            Optional<ClientRun> enqueue = figures.client("tasks", r, PEER, "hey");
            if (drain.isPresent()) {
                JsonNode d = drain.get();
                peer.add(new double[] {d.path("tasks_per_s").asDouble(Double.NaN), d.path("enq_to_start_p99_ms").asDouble(Double.NaN)});
                out.append(row(r, PEER, tasks.get("peer_concurrency").asInt(), d.get("succeeded").asLong(),
                        d.get("failed").asLong() + (d.get("timed_out").asBoolean() ? " (timed out)" : ""),
                        enqueue.map(e -> fmt(e.perSecond(), 0) + (e.errors() > 0 ? " (" + e.errorText() + ")" : "")).orElse("–"),
                        num(d, "enq_to_start_p50_ms", 1), num(d, "enq_to_start_p99_ms", 1), num(d, "enq_to_start_max_ms", 1),
                        num(d, "drain_s", 2), num(d, "tasks_per_s", 0), figures.load("tasks", r, PEER, "hey")));
            }
            Optional<JsonNode> gen = figures.json("tasks", r, AGENTRY, "gen");
            if (gen.isPresent()) {
                JsonNode g = gen.get();
                JsonNode s = g.get("enqueue_to_start_ms");
                agentry.add(new double[] {g.path("drain_per_s").asDouble(Double.NaN), s.path("p99").asDouble(Double.NaN)});
                long completed = g.get("statuses").path("completed").asLong();
                out.append(row(r, AGENTRY, text(g, "slots"), completed, g.get("tasks").asLong() - completed,
                        num(g, "submit_per_s", 0) + (g.get("submit_refused").asLong() > 0 ? " (" + g.get("submit_refused") + " refused)" : ""),
                        num(s, "p50", 1), num(s, "p99", 1), num(s, "max", 1), num(g, "drain_seconds", 2), num(g, "drain_per_s", 0),
                        figures.load("tasks", r, AGENTRY, "gen")));
            }
        }
        String what = fmt(tasks.get("count").asDouble(), 0) + " zero-latency tasks";
        double p = median(peer, v -> v[0]);
        double a = median(agentry, v -> v[0]);
        targets.add(what + ": drained per s (peer: Celery concurrency " + tasks.get("peer_concurrency").asInt() + ")", fmt(p, 0),
                fmt(a, 0), ratio(a, p), "≥ 2× peer", met(a, p, a >= 2 * p));
        p = median(peer, v -> v[1]);
        a = median(agentry, v -> v[1]);
        targets.add(what + ": enqueue→start p99 ms", fmt(p, 1), fmt(a, 1), ratio(a, p), "< peer's", met(a, p, a < p));
        out.append(figures.commands("tasks", List.of("tasks"), "hey", "drain", "gen"));
    }

    private static String num(JsonNode node, String field, int places) {
        return node.hasNonNull(field) ? fmt(node.get(field).asDouble(), places) : "–";
    }
}
