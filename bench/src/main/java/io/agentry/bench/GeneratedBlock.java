package io.agentry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block of BENCHMARKS.md that a script writes: between two markers, the rest left as it is. The load tests
 * ({@code bench/run.sh}) and the side-by-side run against the Python peer ({@code bench/run.sh versus}) each have
 * their own.
 */
record GeneratedBlock(String begin, String end, String heading) {

    static final GeneratedBlock LOAD_TESTS = new GeneratedBlock(
            "<!-- bench/run.sh:begin (generated: edit bench/run.sh or Report.java, not this block) -->",
            "<!-- bench/run.sh:end -->", "## Load tests (`bench/run.sh`)");
    static final GeneratedBlock VERSUS = new GeneratedBlock(
            "<!-- bench/run.sh versus:begin (generated: edit bench/versus.sh or VersusReport.java, not this block) -->",
            "<!-- bench/run.sh versus:end -->", "## Side by side with the Python stack (`bench/run.sh versus`)");

    /** The load tests' block (see {@link #LOAD_TESTS}). */
    static void into(Path file, String section) throws IOException {
        LOAD_TESTS.write(file, section);
    }

    /** Writes the section into {@code file} between the markers (appended, with its heading, if absent). */
    void write(Path file, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        String block = begin + "\n" + section + end;
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + heading + "\n\n" + block + "\n";
        }
        Files.writeString(file, text);
    }
}
