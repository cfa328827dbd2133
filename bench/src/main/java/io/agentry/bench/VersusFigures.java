package io.agentry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The result files of one {@code bench/versus.sh} run, by part, round, side and tool, and the figures taken over the
 * rounds: the median of a rate or a percentile, the largest maximum, the sum of errors. A file that is missing (a
 * part not run, a client that failed before it measured) is simply absent from the figures.
 *
 * <p>Names (in the results directory): {@code fast-r<round>-<side>-hey.out}, {@code -wrk.out}, {@code -gen.json},
 * {@code -mem.json} (after the loads), {@code -mempeak.json} (during them), {@code fast-r<round>-agentry-recorded.json};
 * {@code slow-r<round>-<side>-c<clients>-hey.out} and {@code -gen.json}; {@code tasks-r<round>-peer-hey.out} (the
 * enqueue), {@code tasks-r<round>-peer-drain.json}, {@code tasks-r<round>-agentry-gen.json}. Beside each, a
 * {@code .load} file holds the load average when it began.
 */
final class VersusFigures {

    static final String PEER = "peer";
    static final String AGENTRY = "agentry";
    static final List<String> SIDES = List.of(PEER, AGENTRY);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final int rounds;

    VersusFigures(Path dir, int rounds) {
        this.dir = dir;
        this.rounds = rounds;
    }

    int rounds() {
        return rounds;
    }

    /**
     * A load client's figures of one round: tool is hey, wrk or gen; {@code part} is a file name's stem, "fast" or
     * "slow-%s-c256" ("%s" stands for round and side). Output a client did not finish is left out, with a warning.
     */
    Optional<ClientRun> client(String part, int round, String side, String tool) throws IOException {
        String name = name(part, round, side) + "-" + tool;
        try {
            return switch (tool) {
                case "hey" -> text(name + ".out").map(ClientRun::hey);
                case "wrk" -> text(name + ".out").map(ClientRun::wrk);
                default -> json(name + ".json").map(ClientRun::generator);
            };
        } catch (RuntimeException e) {
            System.err.println("versus report: " + name + " left out: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Every round's figures of a client that has them. */
    List<ClientRun> clients(String part, String side, String tool) throws IOException {
        List<ClientRun> runs = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            client(part, r, side, tool).ifPresent(runs::add);
        }
        return runs;
    }

    /** The JSON file of one round ({@code what} e.g. "mem", "drain", "recorded"). */
    Optional<JsonNode> json(String part, int round, String side, String what) throws IOException {
        return json(name(part, round, side) + "-" + what + ".json");
    }

    List<JsonNode> jsons(String part, String side, String what) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            json(part, r, side, what).ifPresent(all::add);
        }
        return all;
    }

    /** The load average recorded when a measurement began, or "". */
    String load(String part, int round, String side, String what) throws IOException {
        return text(name(part, round, side) + "-" + what + ".load").map(String::strip).orElse("");
    }

    /** A command file ({@code .cmd}) of the run, or "". */
    String command(String name) throws IOException {
        return text(name + ".cmd").map(String::strip).orElse("");
    }

    Optional<String> text(String file) throws IOException {
        Path path = dir.resolve(file);
        return Files.exists(path) ? Optional.of(Files.readString(path)) : Optional.empty();
    }

    /** A JSON file; absent when missing, and absent with a warning when empty or not JSON (its writer failed). */
    Optional<JsonNode> json(String file) throws IOException {
        Optional<String> text = text(file);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(text.get());
            if (node != null && node.isObject()) {
                return Optional.of(node);
            }
        } catch (RuntimeException e) {
            // reported below
        }
        System.err.println("versus report: " + file + " left out: not a JSON object");
        return Optional.empty();
    }

    private static String name(String part, int round, String side) {
        return part.contains("%s") ? String.format(part, "r" + round + "-" + side)
                : part + "-r" + round + "-" + side;
    }

    /**
     * The servers' and the clients' commands of the first round, as a shell block: for each side its server
     * ({@code <side>-<part>.cmd}), then the commands of each stem's tools.
     */
    String commands(String part, List<String> stems, String... tools) throws IOException {
        StringBuilder out = new StringBuilder("\n```sh\n");
        for (String side : SIDES) {
            String server = command(side + "-" + part);
            if (!server.isEmpty()) {
                out.append("# ").append(side).append("\n").append(server).append("\n");
            }
            for (String stem : stems) {
                for (String tool : tools) {
                    String command = command(name(stem, 1, side) + "-" + tool);
                    if (!command.isEmpty()) {
                        out.append(command).append("\n");
                    }
                }
            }
        }
        return out.append("```\n\n").toString();
    }

    /** The median of the finite values (NaN when there is none). */
    static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        double[] v = items.stream().mapToDouble(value).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static <T> double max(List<T> items, ToDoubleFunction<T> value) {
        return items.stream().mapToDouble(value).filter(Double::isFinite).max().orElse(Double.NaN);
    }

    static <T> double sum(List<T> items, ToDoubleFunction<T> value) {
        return items.isEmpty() ? Double.NaN : items.stream().mapToDouble(value).sum();
    }
}
