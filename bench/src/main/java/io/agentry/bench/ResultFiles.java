package io.agentry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What bench/run.sh keeps beside a result file ({@code .note}, {@code .load}) and what the result says of its set-up. */
final class ResultFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ResultFiles() {
    }

    /** The offline model's latency the server was started with: bench/run.sh passes it as --model-latency-ms. */
    static double modelLatencyMs(Path file) throws IOException {
        JsonNode latency = JSON.readTree(file.toFile()).get("model-latency-ms");
        if (latency == null) {
            throw new IllegalStateException(file + " does not say the model's latency (--model-latency-ms): its "
                    + "streaming overhead cannot be computed");
        }
        return latency.asDouble();
    }

    /** {@code BENCH_SERVER_NOTE} of the server a measurement ran against (bench/run.sh), as " (note)". */
    static String note(Path file) throws IOException {
        Path note = Path.of(file.toString().replace(".json", ".note"));
        return Files.exists(note) ? " (" + Files.readString(note).strip() + ")" : "";
    }

    /** The load average bench/run.sh recorded beside a result, or "". */
    static String load(Path file) throws IOException {
        Path load = Path.of(file.toString().replace(".json", ".load"));
        return Files.exists(load) ? Files.readString(load).strip() : "";
    }
}
