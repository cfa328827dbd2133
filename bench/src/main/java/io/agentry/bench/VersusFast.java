package io.agentry.bench;

import static io.agentry.bench.ReportCells.fmt;
import static io.agentry.bench.ReportCells.row;
import static io.agentry.bench.ReportCells.text;
import static io.agentry.bench.VersusFigures.AGENTRY;
import static io.agentry.bench.VersusFigures.PEER;
import static io.agentry.bench.VersusFigures.SIDES;
import static io.agentry.bench.VersusFigures.max;
import static io.agentry.bench.VersusFigures.median;
import static io.agentry.bench.VersusTargets.met;
import static io.agentry.bench.VersusTargets.rate;
import static io.agentry.bench.VersusTargets.ratio;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Part 1 of {@link VersusReport}: {@code POST /run} with a zero-latency model, the three load clients' figures of every
 * round, the resident memory of both sides during and after the loads, and Agentry's "recorded before the answer"
 * check.
 */
final class VersusFast {

    /** The clients, by the name of their result files, as the report names them. */
    private static final List<String[]> CLIENTS = List.of(new String[] {"hey", "hey"},
            new String[] {"wrk", "wrk -t2"}, new String[] {"gen", "bench"});

    private final JsonNode settings;
    private final VersusFigures figures;
    private final VersusTargets targets;

    VersusFast(JsonNode settings, VersusFigures figures, VersusTargets targets) {
        this.settings = settings;
        this.figures = figures;
        this.targets = targets;
    }

    void write(StringBuilder out) throws IOException {
        JsonNode fast = settings.get("fast");
        if (fast == null) {
            return;
        }
        int clients = fast.get("clients").asInt();
        out.append("### 1. `POST /run`, zero-latency model, ").append(clients).append(" clients\n\nEach side is warmed up "
                + "with `bench/`'s load generator at ").append(clients).append(" clients for ").append(text(fast, "warmup"))
                .append(", then loaded by hey (").append(fmt(fast.get("requests").asDouble(), 0)).append(" requests), wrk (")
                .append(text(fast, "wrk_duration")).append(") and the load generator (").append(fmt(fast.get("requests").asDouble(), 0))
                .append(" requests) in turn, all closed loops of ").append(clients).append(" keep-alive connections. "
                        + "Resident memory is sampled every 0.5 s during the three loads (peak) and once after them, with "
                        + "the peer's `bench/mem.py` for both sides (RSS summed over each process tree; PSS splits the pages "
                        + "forked children share).\n\n");
        out.append("| round | side | client | ok | errors | req/s | p50 ms | p90 ms | p99 ms | slowest ms | load avg |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int r = 1; r <= figures.rounds(); r++) {
            for (String side : SIDES) {
                for (String[] client : CLIENTS) {
                    Optional<ClientRun> run = figures.client("fast", r, side, client[0]);
                    if (run.isPresent()) {
                        out.append(fastRow(r, side, client[1], run.get(), figures.load("fast", r, side, client[0])));
                    }
                }
            }
        }
        for (String[] client : CLIENTS) {
            List<ClientRun> peer = figures.clients("fast", PEER, client[0]);
            List<ClientRun> agentry = figures.clients("fast", AGENTRY, client[0]);
            String what = "0 ms model, " + clients + " clients, " + client[1];
            double p = median(peer, ClientRun::perSecond);
            double a = median(agentry, ClientRun::perSecond);
            targets.add(what + ": req/s", rate(p, peer), rate(a, agentry), ratio(a, p), "≥ 2× peer", met(a, p, a >= 2 * p));
            p = median(peer, ClientRun::p99);
            a = median(agentry, ClientRun::p99);
            targets.add(what + ": p99 ms", fmt(p, 1), fmt(a, 1), ratio(a, p), "≤ peer's", met(a, p, a <= p));
            p = max(peer, ClientRun::max);
            a = max(agentry, ClientRun::max);
            targets.add(what + ": slowest ms", fmt(p, 0), fmt(a, 0), ratio(a, p), "≤ 1,000 ms", met(a, a <= 1000));
        }
        recorded(out);
        memory(out);
        out.append(figures.commands("fast", List.of("fast"), "hey", "wrk", "gen", "recorded"));
    }

    private void recorded(StringBuilder out) throws IOException {
        List<JsonNode> checks = figures.jsons("fast", AGENTRY, "recorded");
        if (checks.isEmpty()) {
            return;
        }
        out.append("\n**Recorded before the answer** (Agentry; see `RecordedCheck`): after the loads, probes for users of "
                + "their own ask `GET /usage` for their run and `POST /estimate` for their session's history the moment "
                + "they get their answer; then the runs the ledger holds for user `bench` are compared with the 2xx "
                + "answers the clients counted.\n\n| round | probes answered | runs missing | sessions missing | failed "
                + "| load answers | runs recorded | missing | examples |\n|---|---|---|---|---|---|---|---|---|\n");
        long answered = 0;
        long missing = 0;
        long loadAnswered = 0;
        long loadMissing = 0;
        int r = 0;
        for (JsonNode c : checks) {
            r++;
            out.append(row(r, c.get("answered").asLong() + " of " + c.get("probes").asLong(), c.get("runs_missing").asLong(),
                    c.get("sessions_missing").asLong(), c.get("failed").asLong(), c.path("load_answered").asLong(),
                    c.path("load_recorded").asLong(), c.path("load_missing").asLong(),
                    c.get("examples").isEmpty() ? "" : c.get("examples").toString().replace("|", "\\|")));
            answered += c.get("answered").asLong();
            missing += c.get("runs_missing").asLong() + c.get("sessions_missing").asLong() + c.get("failed").asLong();
            loadAnswered += c.path("load_answered").asLong();
            loadMissing += c.path("load_missing").asLong();
        }
        targets.add("0 ms: a client that got its answer finds its run", "–",
                answered + " probes, " + missing + " missing or failed; " + fmt(loadAnswered, 0) + " load answers, "
                        + fmt(loadMissing, 0) + " runs missing", "–", "none missing",
                answered > 0 && missing == 0 && loadMissing == 0 ? "yes" : "**no**");
    }

    private void memory(StringBuilder out) throws IOException {
        out.append("\n| round | peer API RSS (PSS) MiB | peer worker RSS (PSS) MiB | peer API + worker RSS | Agentry RSS MiB "
                + "| peak during: peer API + worker | peak: Agentry |\n|---|---|---|---|---|---|---|\n");
        List<double[]> after = new ArrayList<>();
        List<double[]> peak = new ArrayList<>();
        for (int r = 1; r <= figures.rounds(); r++) {
            Optional<JsonNode> peer = figures.json("fast", r, PEER, "mem");
            Optional<JsonNode> agentry = figures.json("fast", r, AGENTRY, "mem");
            Optional<JsonNode> peerPeak = figures.json("fast", r, PEER, "mempeak").map(n -> n.get("peak"));
            Optional<JsonNode> agentryPeak = figures.json("fast", r, AGENTRY, "mempeak").map(n -> n.get("peak"));
            if (peer.isEmpty() && agentry.isEmpty()) {
                continue;
            }
            double p = peer.map(VersusFast::peerRss).orElse(Double.NaN);
            double a = agentry.map(n -> rss(n, AGENTRY)).orElse(Double.NaN);
            double pp = peerPeak.map(VersusFast::peerRss).orElse(Double.NaN);
            double ap = agentryPeak.map(n -> rss(n, AGENTRY)).orElse(Double.NaN);
            after.add(new double[] {p, a});
            peak.add(new double[] {pp, ap});
            out.append(row(r, peer.map(n -> tree(n, "api")).orElse("–"), peer.map(n -> tree(n, "worker")).orElse("–"),
                    fmt(p, 0), fmt(a, 0), fmt(pp, 0), fmt(ap, 0)));
        }
        double p = median(after, v -> v[0]);
        double a = median(after, v -> v[1]);
        targets.add("resident memory after the 0 ms loads, MiB", fmt(p, 0) + " (API + worker)", fmt(a, 0), ratio(a, p),
                "≤ peer's API + worker", met(a, p, a <= p));
        p = median(peak, v -> v[0]);
        a = median(peak, v -> v[1]);
        targets.add("resident memory during the 0 ms loads (peak), MiB", fmt(p, 0) + " (API + worker)", fmt(a, 0), ratio(a, p),
                "≤ peer's API + worker", met(a, p, a <= p));
    }

    private static String fastRow(int round, String side, String client, ClientRun run, String load) {
        return row(round, side, client, run.ok(), run.errorText(), fmt(run.perSecond(), 0), fmt(run.p50(), 1),
                fmt(run.p90(), 1), fmt(run.p99(), 1), fmt(run.max(), 0), load);
    }

    private static double rss(JsonNode mem, String tree) {
        return mem.path(tree).path("rss_mib").asDouble(Double.NaN);
    }

    private static double peerRss(JsonNode mem) {
        return rss(mem, "api") + rss(mem, "worker");
    }

    private static String tree(JsonNode mem, String tree) {
        JsonNode t = mem.get(tree);
        return t == null ? "–" : fmt(t.get("rss_mib").asDouble(), 0) + " (" + fmt(t.get("pss_mib").asDouble(), 0) + "), "
                + t.get("nprocs").asInt() + " processes";
    }
}
