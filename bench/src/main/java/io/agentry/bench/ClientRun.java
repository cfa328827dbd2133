package io.agentry.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one load client measured against one server, whichever client it was: {@code hey}'s text summary,
 * the JSON line {@code bench/versus/post.lua} makes {@code wrk} print, or the load generator's own result.
 * {@code ok} counts 2xx answers and {@code perSecond} is those per second; an error is an answer outside 2xx or a
 * request that got none (refused, reset, timed out), by kind in {@code errorKinds}. Latencies are in milliseconds,
 * over every answer (the clients do not time failed connections).
 */
record ClientRun(String tool, long ok, long errors, Map<String, Long> errorKinds, double seconds, double perSecond,
                 double p50, double p90, double p99, double max) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern STATUS = Pattern.compile("^\\s*\\[(\\d{3})]\\s+(\\d+) responses", Pattern.MULTILINE);
    private static final Pattern ERROR = Pattern.compile("^\\s*\\[(\\d+)]\\s+(.*)$", Pattern.MULTILINE);

    /**
     * hey 0.1.x's text summary. Its latencies are in seconds with four decimals (0.1 ms); with fewer than 100
     * answers it prints no 99th percentile (NaN here). An error line is "[count] message", grouped here by the
     * message's last words ("connection refused", "Client.Timeout ..." as timeout).
     *
     * @throws IllegalArgumentException if the text is not a hey summary (hey failed before it ran)
     */
    static ClientRun hey(String text) {
        double total = seconds(text, "Total:\\s+([\\d.]+) secs");
        Map<String, Long> kinds = new TreeMap<>();
        long ok = 0;
        Matcher status = STATUS.matcher(section(text, "Status code distribution:", "Error distribution:"));
        while (status.find()) {
            int code = Integer.parseInt(status.group(1));
            long count = Long.parseLong(status.group(2));
            if (code >= 200 && code <= 299) {
                ok += count;
            } else {
                kinds.merge("http_" + code, count, Long::sum);
            }
        }
        int errorsAt = text.indexOf("Error distribution:");
        if (errorsAt >= 0) {
            Matcher error = ERROR.matcher(text.substring(errorsAt));
            while (error.find()) {
                kinds.merge(errorKind(error.group(2)), Long.parseLong(error.group(1)), Long::sum);
            }
        }
        long errors = kinds.values().stream().mapToLong(Long::longValue).sum();
        boolean answered = ok + kinds.entrySet().stream().filter(e -> e.getKey().startsWith("http_"))
                .mapToLong(Map.Entry::getValue).sum() > 0;
        return new ClientRun("hey", ok, errors, kinds, total, total > 0 ? ok / total : 0,
                answered ? ms(text, "50% in ([\\d.]+) secs") : Double.NaN, answered ? ms(text, "90% in ([\\d.]+) secs") : Double.NaN,
                answered ? ms(text, "99% in ([\\d.]+) secs") : Double.NaN, answered ? ms(text, "Slowest:\\s+([\\d.]+) secs") : Double.NaN);
    }

    /**
     * The last line of wrk's output that {@code bench/versus/post.lua} writes in {@code done()}. wrk counts a
     * non-2xx/3xx answer in {@code requests} and in {@code errors.status}; its latencies are in microseconds.
     */
    static ClientRun wrk(String text) {
        String line = null;
        for (String l : text.split("\n")) {
            if (l.startsWith("{\"wrk\":")) {
                line = l;
            }
        }
        if (line == null) {
            throw new IllegalArgumentException("no line of bench/versus/post.lua in the wrk output");
        }
        JsonNode r = JSON.readTree(line);
        JsonNode e = r.get("errors");
        Map<String, Long> kinds = new TreeMap<>();
        for (String kind : new String[] {"connect", "read", "write", "status", "timeout"}) {
            long n = e.get(kind).asLong();
            if (n > 0) {
                kinds.put(kind.equals("status") ? "http_not_2xx_3xx" : kind, n);
            }
        }
        long ok = r.get("requests").asLong() - e.get("status").asLong();
        double seconds = r.get("duration_us").asLong() / 1e6;
        JsonNode l = r.get("latency_us");
        return new ClientRun("wrk", ok, kinds.values().stream().mapToLong(Long::longValue).sum(), kinds, seconds,
                seconds > 0 ? ok / seconds : 0, l.get("p50").asDouble() / 1000, l.get("p90").asDouble() / 1000,
                l.get("p99").asDouble() / 1000, l.get("max").asDouble() / 1000);
    }

    /**
     * The load generator's {@code load} result (see {@link LoadResult#toMap()}): its rate is the successes that ended
     * in the measured window, whenever they began ({@code answered_in_window_per_s}; {@code throughput_per_s} in
     * results from before it had that), its latencies those of the requests that began and ended in it.
     */
    static ClientRun generator(JsonNode r) {
        Map<String, Long> kinds = new TreeMap<>();
        r.get("error_kinds").properties().forEach(e -> kinds.put(e.getKey(), e.getValue().asLong()));
        JsonNode l = r.get("latency_ms");
        boolean any = l.get("count").asLong() > 0;
        return new ClientRun("bench", r.get("completed").asLong(), r.get("errors").asLong(), kinds,
                r.get("seconds").asDouble(), r.path("answered_in_window_per_s").asDouble(r.get("throughput_per_s").asDouble()),
                any ? l.get("p50").asDouble() : Double.NaN, any ? l.get("p90").asDouble() : Double.NaN,
                any ? l.get("p99").asDouble() : Double.NaN, any ? l.get("max").asDouble() : Double.NaN);
    }

    /** "{connect:3, timeout:1}", or "0". */
    String errorText() {
        return errors == 0 ? "0" : errors + " " + errorKinds.toString().replace("=", ":");
    }

    private static String errorKind(String message) {
        String m = message.strip();
        if (m.contains("Client.Timeout") || m.contains("deadline exceeded")) {
            return "timeout";
        }
        int colon = m.lastIndexOf(": ");
        return (colon >= 0 ? m.substring(colon + 2) : m).replace(' ', '_');
    }

    private static String section(String text, String from, String to) {
        int start = text.indexOf(from);
        if (start < 0) {
            return "";
        }
        int end = text.indexOf(to, start);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    private static double seconds(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException("not a hey summary (no '" + regex + "')");
        }
        return Double.parseDouble(m.group(1));
    }

    /** A latency of the summary in ms; NaN when hey left it out (its percentiles need 100 answers or more). */
    private static double ms(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) * 1000 : Double.NaN;
    }
}
