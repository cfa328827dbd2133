package io.agentry.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator of the benchmark suite ({@code bench/run.sh} runs it for every scenario). Loopback
 * targets only. Prints a human summary on stderr and one JSON object on stdout.
 *
 * <pre>
 * load   --url http://127.0.0.1:8080 [--path /run] [--key K] [--body JSON] [--clients N | --rate R/s]
 *        [--requests N] [--duration 20s] [--warmup 5s] [--ramp 0s] [--timeout 60s] [--expect TEXT]
 *        [--stream] [--max-in-flight N] [--pid P]
 * tasks  --url ... [--key K] --count N [--concurrency C] [--user U] [--message M] [--await-running N]
 *        [--timeout 600s] [--pid P]
 * coldstart --url ... [--key K] [--body JSON] [--runs 5] [--restarts] --workdir DIR -- COMMAND...
 * report --results DIR --into BENCHMARKS.md
 * </pre>
 *
 * <p>{@code --label} and {@code --slots} are copied into the result as they are (for the report).
 */
public final class LoadGenerator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String DEFAULT_BODY = "{\"message\":\"hello\",\"user_id\":\"bench\"}";

    private LoadGenerator() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage("a command: load, tasks or coldstart");
        }
        Map<String, String> args = new HashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].equals("--")) {
                rest.addAll(List.of(argv).subList(i + 1, argv.length));
                break;
            }
            if (!argv[i].startsWith("--")) {
                usage("an option, got " + argv[i]);
            }
            String name = argv[i].substring(2);
            boolean flag = i + 1 >= argv.length || argv[i + 1].startsWith("--");
            args.put(name, flag ? "true" : argv[++i]);
        }
        if (argv[0].equals("report")) {
            Report.into(Path.of(required(args, "into")), new Report(Path.of(required(args, "results"))).markdown());
            return;
        }
        Target target;
        try {
            target = Target.of(required(args, "url"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String key = args.getOrDefault("key", "agentry-dev-key");
        RssSampler rss = args.containsKey("pid")
                ? new RssSampler(Long.parseLong(args.get("pid")), Duration.ofMillis(200)) : null;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("command", argv[0]);
        for (String info : List.of("label", "slots")) {
            if (args.containsKey(info)) {
                result.put(info, args.get(info));
            }
        }
        switch (argv[0]) {
            case "load" -> {
                boolean stream = args.containsKey("stream");
                String body = args.getOrDefault("body", DEFAULT_BODY);
                if (stream && !body.contains("\"stream\"")) {
                    body = body.substring(0, body.lastIndexOf('}')) + ",\"stream\":true}";
                }
                double rate = Double.parseDouble(args.getOrDefault("rate", "0"));
                LoadTest.Settings settings = new LoadTest.Settings(target, "POST", args.getOrDefault("path", "/run"),
                        key, stream ? "text/event-stream" : null, body,
                        Integer.parseInt(args.getOrDefault("clients", "1")), rate,
                        Integer.parseInt(args.getOrDefault("max-in-flight", "20000")),
                        Long.parseLong(args.getOrDefault("requests", Long.toString(Long.MAX_VALUE))),
                        duration(args.getOrDefault("warmup", "5s")), duration(args.getOrDefault("duration", "20s")),
                        duration(args.getOrDefault("ramp", "0s")), duration(args.getOrDefault("timeout", "60s")),
                        args.get("expect"));
                LoadResult load = new LoadTest(settings).run(rss);
                System.err.println(load.summary());
                result.putAll(load.toMap());
            }
            case "tasks" -> {
                TaskDrain.Settings settings = new TaskDrain.Settings(target, key,
                        args.getOrDefault("user", "bench-tasks-" + System.currentTimeMillis()),
                        args.getOrDefault("message", "hello"), Integer.parseInt(required(args, "count")),
                        Integer.parseInt(args.getOrDefault("concurrency", "32")),
                        Integer.parseInt(args.getOrDefault("await-running", "0")),
                        duration(args.getOrDefault("timeout", "600s")));
                result.putAll(new TaskDrain(settings).run(rss));
                System.err.println("tasks: " + result);
            }
            case "coldstart" -> {
                if (rest.isEmpty()) {
                    usage("the server command after --");
                }
                ColdStart.Settings settings = new ColdStart.Settings(target, key, args.getOrDefault("body", DEFAULT_BODY),
                        rest, Path.of(required(args, "workdir")), Integer.parseInt(args.getOrDefault("runs", "5")),
                        args.containsKey("restarts"), duration(args.getOrDefault("timeout", "120s")));
                result.putAll(new ColdStart(settings).run());
                System.err.println("coldstart: " + result);
            }
            default -> usage("load, tasks or coldstart, got " + argv[0]);
        }
        System.out.println(JSON.writeValueAsString(result));
    }

    /** {@code 500ms}, {@code 20s}, {@code 2m}, or an ISO-8601 duration. */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.parse(t);
    }

    private static String required(Map<String, String> args, String name) {
        String value = args.get(name);
        if (value == null) {
            usage("--" + name);
        }
        return value;
    }

    private static void usage(String missing) {
        System.err.println("expected " + missing + "; see the LoadGenerator class comment or bench/run.sh");
        System.exit(2);
    }
}
