package io.agentry.bench;

import static io.agentry.bench.ReportCells.fmt;
import static io.agentry.bench.ReportCells.row;
import static io.agentry.bench.ReportCells.text;
import static io.agentry.bench.VersusFigures.AGENTRY;
import static io.agentry.bench.VersusFigures.PEER;
import static io.agentry.bench.VersusFigures.SIDES;
import static io.agentry.bench.VersusFigures.median;
import static io.agentry.bench.VersusFigures.sum;
import static io.agentry.bench.VersusTargets.met;
import static io.agentry.bench.VersusTargets.rate;
import static io.agentry.bench.VersusTargets.ratio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Part 2 of {@link VersusReport}: {@code POST /run} with a slow model at rising concurrency, against the ideal
 * throughput (clients ÷ model latency); the first concurrency is held to the ideal and a p99 bound, the others to
 * zero errors and a p99 below the peer's.
 */
final class VersusSlow {

    private final JsonNode settings;
    private final VersusFigures figures;
    private final VersusTargets targets;

    VersusSlow(JsonNode settings, VersusFigures figures, VersusTargets targets) {
        this.settings = settings;
        this.figures = figures;
        this.targets = targets;
    }

    void write(StringBuilder out) throws IOException {
        JsonNode slow = settings.get("slow");
        if (slow == null) {
            return;
        }
        double modelMs = slow.get("model_ms").asDouble();
        out.append("### 2. `POST /run`, model latency ").append(fmt(modelMs, 0)).append(" ms\n\nPeer `FAKE_LLM_MS=")
                .append((long) modelMs).append("`, Agentry `--agentry.models.offline.latency-ms=").append((long) modelMs)
                .append("`; each concurrency on a fresh server: first `bench/`'s load generator (one keep-alive "
                        + "connection per client, opened over ").append(text(slow, "ramp")).append(", ")
                .append(text(slow, "warmup")).append(" warm-up, ").append(text(slow, "duration"))
                .append(" measured; it waits for its last requests before it exits), then hey with every client sending ")
                .append(text(slow, "waves")).append(" requests (hey 0.1.4 keeps at most 500 idle connections: above that its "
                        + "clients reconnect for each request). Ideal throughput = clients ÷ model latency; the load "
                        + "generator's rate counts the answers that ended in its measured window, its latencies the "
                        + "requests that began and ended in it.\n\n");
        out.append("| clients | round | side | client | ok | errors | req/s | of ideal | p50 ms | p99 ms | slowest ms "
                + "| load avg |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Integer> levels = new ArrayList<>();
        slow.get("clients").forEach(c -> levels.add(c.asInt()));
        for (int level = 0; level < levels.size(); level++) {
            int c = levels.get(level);
            double ideal = c / (modelMs / 1000);
            String part = "slow-%s-c" + c;
            for (int r = 1; r <= figures.rounds(); r++) {
                for (String side : SIDES) {
                    for (String tool : List.of("hey", "gen")) {
                        Optional<ClientRun> run = figures.client(part, r, side, tool);
                        if (run.isPresent()) {
                            out.append(slowRow(c, r, side, label(tool), run.get(), ideal, figures.load(part, r, side, tool)));
                        }
                    }
                }
            }
            for (String tool : List.of("hey", "gen")) {
                List<ClientRun> peer = figures.clients(part, PEER, tool);
                List<ClientRun> agentry = figures.clients(part, AGENTRY, tool);
                if (peer.isEmpty() && agentry.isEmpty()) {
                    continue;
                }
                String what = fmt(modelMs, 0) + " ms model, " + fmt(c, 0) + " clients, " + label(tool);
                double p99p = median(peer, ClientRun::p99);
                double p99a = median(agentry, ClientRun::p99);
                if (level == 0) {
                    double p = median(peer, ClientRun::perSecond);
                    double a = median(agentry, ClientRun::perSecond);
                    targets.add(what + ": req/s (ideal " + fmt(ideal, 0) + ")", rate(p, peer) + ofIdeal(p, ideal),
                            rate(a, agentry) + ofIdeal(a, ideal), ratio(a, p), "≥ 99 % of ideal", met(a, a >= 0.99 * ideal));
                    targets.add(what + ": p99 ms", fmt(p99p, 0), fmt(p99a, 0), ratio(p99a, p99p), "≤ " + fmt(modelMs + 50, 0)
                            + " ms", met(p99a, p99a <= modelMs + 50));
                } else {
                    double p = sum(peer, ClientRun::errors);
                    double a = sum(agentry, ClientRun::errors);
                    targets.add(what + ": errors", fmt(p, 0), fmt(a, 0), "–", "0", met(a, a == 0));
                    targets.add(what + ": p99 ms", fmt(p99p, 0), fmt(p99a, 0), ratio(p99a, p99p), "< peer's",
                            met(p99a, p99p, p99a < p99p));
                }
            }
        }
        List<String> parts = new ArrayList<>();
        levels.forEach(c -> parts.add("slow-%s-c" + c));
        out.append(figures.commands("slow", parts, "hey", "gen"));
    }

    private static String slowRow(int clients, int round, String side, String client, ClientRun run, double ideal,
                                  String load) {
        return row(fmt(clients, 0), round, side, client, run.ok(), run.errorText(), fmt(run.perSecond(), 0),
                fmt(100 * run.perSecond() / ideal, 1) + " %", fmt(run.p50(), 0), fmt(run.p99(), 0), fmt(run.max(), 0), load);
    }

    private static String label(String tool) {
        return tool.equals("gen") ? "bench" : tool;
    }

    private static String ofIdeal(double value, double ideal) {
        return Double.isNaN(value) ? "" : ", " + fmt(100 * value / ideal, 1) + " %";
    }
}
