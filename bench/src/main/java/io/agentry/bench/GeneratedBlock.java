package io.agentry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The block of BENCHMARKS.md that {@code bench/run.sh} writes: between two markers, the rest left as it is. */
final class GeneratedBlock {

    static final String BEGIN = "<!-- bench/run.sh:begin (generated: edit bench/run.sh or Report.java, not this block) -->";
    static final String END = "<!-- bench/run.sh:end -->";

    private GeneratedBlock() {
    }

    /** Writes the section into {@code file} between the markers (appended, with its heading, if absent). */
    static void into(Path file, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String block = BEGIN + "\n" + section + END;
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + block + text.substring(end + END.length());
        } else {
            text = text.stripTrailing() + "\n\n## Load tests (`bench/run.sh`)\n\n" + block + "\n";
        }
        Files.writeString(file, text);
    }

}
