package io.agentry.bench;

import static io.agentry.bench.ReportCells.text;

import java.io.IOException;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The side-by-side section of BENCHMARKS.md, from one run of {@code bench/versus.sh}: Agentry against the Python
 * peer (FastAPI + uvicorn, Celery, Redis), the same loads, interleaved round by round. A summary table gives each
 * figure of both sides over the rounds (the median of rates and percentiles, the largest maximum, the sum of
 * errors), their ratio (Agentry ÷ peer) and issue 17's target; the tables after it give every round.
 */
final class VersusReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final StringBuilder md = new StringBuilder();
    private final VersusTargets summary = new VersusTargets();
    private JsonNode settings;
    private VersusFigures figures;

    VersusReport(Path dir) {
        this.dir = dir;
    }

    String markdown() throws IOException {
        settings = JSON.readTree(dir.resolve("versus.json").toFile());
        figures = new VersusFigures(dir, settings.get("rounds").asInt());
        StringBuilder details = new StringBuilder();
        new VersusFast(settings, figures, summary).write(details);
        new VersusSlow(settings, figures, summary).write(details);
        new VersusTasks(settings, figures, summary).write(details);
        header();
        md.append("### Against the targets\n\nAgentry ÷ peer; rates and percentiles are the median of the rounds, "
                + "\"slowest\" the largest of any round, errors the sum over the rounds.\n\n"
                ).append(summary.markdown());
        md.append("\n").append(details);
        return md.toString();
    }

    private void header() {
        boolean quick = settings.path("quick").asBoolean(false);
        md.append("Measured ").append(text(settings, "date")).append(" at commit `").append(text(settings, "commit"))
                .append("` by `bench/run.sh versus").append(text(settings, "args").isBlank() ? "" : " " + text(settings, "args"))
                .append("`: ").append(figures.rounds()).append(figures.rounds() == 1 ? " round" : " rounds")
                .append(", each part of a round run against the peer, then against Agentry, each side started afresh for "
                        + "each part and stopped after it.")
                .append(quick ? " **Quick run: tiny loads to check the harness; its figures mean nothing.**" : "")
                .append("\n\n**Machine.** ").append(text(settings, "cpus")).append(" CPUs (").append(text(settings, "cpu_model"))
                .append("), ").append(text(settings, "memory")).append(" RAM, ").append(text(settings, "os"))
                .append("; the load clients run on the same machine. Load average when the run started: ")
                .append(text(settings, "load")).append(" (each measurement's own is in the tables below).\n\n")
                .append("**Peer** (`").append(text(settings, "peer_dir")).append("`, ").append(text(settings, "peer_versions"))
                .append("): `").append(text(settings, "peer_command")).append("`, with Redis on a port of its own. Its "
                        + "memory is that of its API processes (the uvicorn supervisor and its workers) and of its Celery "
                        + "worker (with its prefork children); Redis is not counted.\n\n")
                .append("**Agentry** (").append(text(settings, "jdk")).append("): `").append(text(settings, "agentry_command"))
                .append("` in a fresh working directory (empty H2 store), the model offline; nothing else set.\n\n")
                .append("**Load.** The same body for both, `").append(text(settings, "body")).append("`, with each side's "
                        + "API key; hey (").append(text(settings, "hey")).append("), wrk (").append(text(settings, "wrk"))
                .append(", `bench/versus/post.lua`) and `bench/`'s load generator; loopback only.\n\n");
    }
}
