package io.agentry.bench;

import static io.agentry.bench.ReportCells.fmt;
import static io.agentry.bench.ReportCells.row;

import java.util.ArrayList;
import java.util.List;

/**
 * The summary table of {@link VersusReport}: one row per figure of issue 17's targets, with both sides' figure, their
 * ratio (Agentry ÷ peer) and whether Agentry meets the target; "–" where a figure is missing.
 */
final class VersusTargets {

    private final List<String> rows = new ArrayList<>();

    void add(String scenario, String peer, String agentry, String ratio, String target, String met) {
        rows.add(row(scenario, peer, agentry, ratio, target, met));
    }

    String markdown() {
        return "| scenario | peer | Agentry | ratio | target | met |\n|---|---|---|---|---|---|\n" + String.join("", rows);
    }

    /** A median rate, with the errors of the rounds it comes from when there were any. */
    static String rate(double value, List<ClientRun> runs) {
        double errors = VersusFigures.sum(runs, ClientRun::errors);
        return fmt(value, 0) + (errors > 0 ? " (" + fmt(errors, 0) + " errors)" : "");
    }

    /** Agentry ÷ peer, as "2.10×"; "–" without both figures. */
    static String ratio(double agentry, double peer) {
        return Double.isFinite(agentry) && Double.isFinite(peer) && peer > 0 ? fmt(agentry / peer, 2) + "×" : "–";
    }

    /** "yes", "**no**", or "–" when a figure the check needs is missing (NaN). */
    static String met(double agentry, double peer, boolean met) {
        return !Double.isFinite(agentry) || !Double.isFinite(peer) ? "–" : met ? "yes" : "**no**";
    }

    /** "yes", "**no**", or "–" when Agentry's figure is missing. */
    static String met(double agentry, boolean met) {
        return met(agentry, 0, met);
    }
}
