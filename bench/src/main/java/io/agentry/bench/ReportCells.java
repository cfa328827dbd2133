package io.agentry.bench;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** How {@link Report} writes a table cell: rows, numbers with thousands separators, MiB, CPU per request, errors. */
final class ReportCells {

    private ReportCells() {
    }

    static String row(Object... cells) {
        StringBuilder row = new StringBuilder("|");
        for (Object cell : cells) {
            row.append(' ').append(cell).append(" |");
        }
        return row.append('\n').toString();
    }

    static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) ? node.get(field).asString() : "";
    }

    static String num(JsonNode node, String field, int places) {
        return node != null && node.hasNonNull(field) ? fmt(node.get(field).asDouble(), places) : "";
    }

    /** With thousands separators; "–" for a figure that is missing (NaN). */
    static String fmt(double value, int places) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%,." + places + "f", value);
    }

    static String mib(JsonNode node, String field) {
        return node.hasNonNull(field) ? fmt(node.get(field).asDouble(), 0) + " MiB" : "";
    }

    /** The server's CPU time (all threads) per completed request over the measured window: what throughput costs. */
    static String cpu(JsonNode r) {
        return r.hasNonNull("server_cpu_ms_per_request") ? fmt(r.get("server_cpu_ms_per_request").asDouble(), 3) + " ms" : "–";
    }

    static String errors(JsonNode r) {
        long errors = r.get("errors").asLong();
        return errors == 0 ? "0" : errors + " " + r.get("error_kinds").toString().replace("\"", "");
    }
}
