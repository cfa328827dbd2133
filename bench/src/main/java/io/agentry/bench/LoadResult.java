package io.agentry.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a {@link LoadTest} measured: counts, throughput and latency percentiles in milliseconds. {@code completed}
 * (and the latencies) are the successes that began and ended in the measured window; {@code answeredInWindow} the
 * successes that ended in it, whenever they began, which per second is a closed loop's throughput at its window's
 * edges too (reported as {@code answered_in_window_per_s}). With the server's pid, its peak resident memory and its
 * CPU time over the measured window divided by the requests that ended in it, failed ones included
 * ({@code serverCpuMsPerRequest}, null without a pid).
 */
record LoadResult(LoadTest.Settings settings, long completed, long answeredInWindow, Map<String, Long> errors,
                  double seconds, Histogram latencyMicros, Histogram firstTokenMicros, RssSampler.Rss rss,
                  Double serverCpuMsPerRequest) {

    long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    double throughput() {
        return completed / seconds;
    }

    /** A flat map for the JSON result line (see {@link LoadGenerator}). */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("loop", settings.openLoop() ? "open" : "closed");
        if (settings.openLoop()) {
            map.put("rate", settings.rate());
        } else {
            map.put("clients", settings.clients());
        }
        map.put("path", settings.path());
        map.put("completed", completed);
        map.put("errors", errorCount());
        map.put("error_kinds", errors);
        map.put("seconds", round(seconds, 3));
        map.put("throughput_per_s", round(throughput(), 1));
        map.put("answered_in_window", answeredInWindow);
        map.put("answered_in_window_per_s", round(answeredInWindow / seconds, 1));
        map.put("latency_ms", percentiles(latencyMicros));
        if (firstTokenMicros.getTotalCount() > 0) {
            map.put("first_token_ms", percentiles(firstTokenMicros));
        }
        if (rss != null) {
            map.put("server_rss_peak_mib", round(rss.peakMib(), 1));
        }
        if (serverCpuMsPerRequest != null) {
            map.put("server_cpu_ms_per_request", round(serverCpuMsPerRequest, 3));
        }
        return map;
    }

    static Map<String, Object> percentiles(Histogram micros) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", micros.getTotalCount());
        p.put("mean", round(micros.getMean() / 1000, 3));
        p.put("p50", ms(micros, 50));
        p.put("p90", ms(micros, 90));
        p.put("p99", ms(micros, 99));
        p.put("p999", ms(micros, 99.9));
        p.put("max", round(micros.getMaxValue() / 1000.0, 3));
        return p;
    }

    private static double ms(Histogram micros, double percentile) {
        return round(micros.getValueAtPercentile(percentile) / 1000.0, 3);
    }

    static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }

    /** One human line, for the console. */
    String summary() {
        Map<String, Object> l = percentiles(latencyMicros);
        return String.format("%s %s: %d ok, %d errors %s in %.1f s = %.1f/s; latency ms p50 %s p90 %s p99 %s max %s%s",
                settings.openLoop() ? "open loop @" + settings.rate() + "/s" : "closed loop x" + settings.clients(),
                settings.path(), completed, errorCount(), errors.isEmpty() ? "" : errors, seconds, throughput(),
                l.get("p50"), l.get("p90"), l.get("p99"), l.get("max"),
                rss == null ? "" : String.format("; server RSS peak %.0f MiB", rss.peakMib()))
                + (serverCpuMsPerRequest == null ? "" : String.format("; server CPU %.3f ms per request", serverCpuMsPerRequest));
    }
}
