package io.agentry.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * coldstart [--runs 5] [--variants plain,extracted,aot] [--jar server/target/agentry.jar]
 *        [--workdir bench/target/cold-start] [--no-prepare] [--api-replica [--redis URL]] [--jvm-options "-X..."]
 *        [--key K] [--body JSON] [--timeout 120s] [-- SERVER ARGUMENTS...]
 * recorded --url ... [--key K] [--message M] [--probes 100] [--clients 8] [--user U --answered N] [--timeout 60s]
 * report --results DIR --into BENCHMARKS.md
 * versus --results DIR [--into BENCHMARKS.md]
 * </pre>
 *
 * <p>{@code recorded} checks that answered runs are in the store (see {@link RecordedCheck}); {@code versus} writes
 * the side-by-side section of {@code bench/versus.sh}'s results (see {@link VersusReport}), into the file's block or,
 * without {@code --into}, to stdout.
 *
 * <p>{@code --label}, {@code --slots} and {@code --model-latency-ms} (the offline model's latency the server was
 * started with) are copied into the result as they are (for the report).
 *
 * <p>{@code coldstart} prepares the variants in its working directory (the jar as built, and the extracted
 * application with its AOT cache made by {@code deploy/app-image.sh}; {@code --no-prepare} reuses the previous
 * ones) and starts them on the embedded H2 store, or with {@code --api-replica} as an api replica on a new
 * PostgreSQL database and the local Redis; arguments after {@code --} go to every server start. See
 * {@link ColdStart}. Run it from the repository's root.
 */
public final class LoadGenerator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The options that take no value; every other one takes the next argument as its value. */
    private static final Set<String> FLAGS = Set.of("stream", "no-prepare", "api-replica");
    private static final Set<String> LOAD_AND_TASKS = Set.of("url", "key", "pid", "label", "slots", "model-latency-ms");
    /** The options each command reads: any other is refused, not silently ignored. */
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "load", union(LOAD_AND_TASKS, "stream", "body", "rate", "path", "clients", "max-in-flight", "requests",
                    "warmup", "duration", "ramp", "timeout", "expect"),
            "tasks", union(LOAD_AND_TASKS, "user", "message", "count", "concurrency", "await-running", "timeout"),
            "coldstart", Set.of("jar", "workdir", "no-prepare", "variants", "api-replica", "redis", "jvm-options", "key",
                    "body", "runs", "timeout"),
            "recorded", Set.of("url", "key", "message", "probes", "clients", "user", "answered", "timeout"),
            "report", Set.of("into", "results"),
            "versus", Set.of("into", "results"));
    static final String DEFAULT_KEY = "agentry-dev-key";
    static final String DEFAULT_BODY = "{\"message\":\"hello\",\"user_id\":\"bench\"}";

    private LoadGenerator() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || !OPTIONS.containsKey(argv[0])) {
            usage("a command: load, tasks, recorded, coldstart, report or versus");
        }
        Map<String, String> args;
        List<String> rest = new ArrayList<>();
        try {
            args = options(argv, rest);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        if (argv[0].equals("report")) {
            GeneratedBlock.into(Path.of(required(args, "into")), new Report(Path.of(required(args, "results"))).markdown());
            return;
        }
        if (argv[0].equals("versus")) {
            String markdown = new VersusReport(Path.of(required(args, "results"))).markdown();
            if (args.containsKey("into")) {
                GeneratedBlock.VERSUS.write(Path.of(args.get("into")), markdown);
            } else {
                System.out.print(markdown);
            }
            return;
        }
        if (argv[0].equals("coldstart")) {
            System.out.println(JSON.writeValueAsString(coldStart(args, rest)));
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
        String key = args.getOrDefault("key", DEFAULT_KEY);
        RssSampler rss = args.containsKey("pid")
                ? new RssSampler(Long.parseLong(args.get("pid")), Duration.ofMillis(200)) : null;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("command", argv[0]);
        for (String info : List.of("label", "slots", "model-latency-ms")) {
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
            case "recorded" -> {
                RecordedCheck.Settings settings = new RecordedCheck.Settings(target, key,
                        args.getOrDefault("message", "hello"), Integer.parseInt(args.getOrDefault("probes", "100")),
                        Integer.parseInt(args.getOrDefault("clients", "8")), args.get("user"),
                        Long.parseLong(args.getOrDefault("answered", "0")), duration(args.getOrDefault("timeout", "60s")));
                result.putAll(new RecordedCheck(settings).run());
                System.err.println("recorded: " + result);
            }
            default -> usage("load, tasks, recorded or coldstart, got " + argv[0]);
        }
        System.out.println(JSON.writeValueAsString(result));
    }

    private static Map<String, Object> coldStart(Map<String, String> args, List<String> serverArgs) throws Exception {
        Path repository = Path.of("").toAbsolutePath();
        Path jar = repository.resolve(args.getOrDefault("jar", "server/target/agentry.jar"));
        Path work = repository.resolve(args.getOrDefault("workdir", "bench/target/cold-start"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " not found: ./mvnw -DskipTests package");
        }
        if (!args.containsKey("no-prepare")) {
            ColdStartVariants.prepare(repository, jar, work);
        }
        List<ColdStart.Variant> variants = ColdStartVariants.named(
                List.of(args.getOrDefault("variants", String.join(",", ColdStartVariants.ALL)).split(",")), work);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("command", "coldstart");
        List<String> server = new ArrayList<>();
        String database = null;
        if (args.containsKey("api-replica")) {
            database = ColdStartVariants.createDatabase();
            server.addAll(ColdStartVariants.apiReplica(database, args.getOrDefault("redis", "redis://127.0.0.1:6379")));
            result.put("store", "role api, PostgreSQL + Redis");
        } else {
            server.addAll(ColdStartVariants.embeddedStore(work));
            result.put("store", "embedded H2, role all");
        }
        server.add("--agentry.limits.enabled=false");
        server.addAll(serverArgs);
        String jvmOptions = args.getOrDefault("jvm-options", "").trim();
        result.put("jvm_options", jvmOptions);
        ColdStart.Settings settings = new ColdStart.Settings(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                jvmOptions.isEmpty() ? List.of() : List.of(jvmOptions.split("\\s+")), variants, server,
                args.getOrDefault("key", DEFAULT_KEY), args.getOrDefault("body", DEFAULT_BODY),
                Integer.parseInt(args.getOrDefault("runs", "5")), duration(args.getOrDefault("timeout", "120s")));
        try {
            result.putAll(new ColdStart(settings).run());
        } finally {
            if (database != null) {
                ColdStartVariants.dropDatabase(database);
            }
        }
        System.err.println("coldstart: " + result);
        return result;
    }

    /**
     * The options after the command {@code argv[0]}, by name; what follows {@code --} goes to {@code rest}.
     *
     * @throws IllegalArgumentException naming what was expected: an option the command does not read, a
     *                                  missing value, or an argument that is not an option
     */
    static Map<String, String> options(String[] argv, List<String> rest) {
        Set<String> known = OPTIONS.get(argv[0]);
        Map<String, String> args = new HashMap<>();
        for (int i = 1; i < argv.length; i++) {
            if (argv[i].equals("--")) {
                rest.addAll(List.of(argv).subList(i + 1, argv.length));
                break;
            }
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("an option, got " + argv[i]);
            }
            String name = argv[i].substring(2);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("one of the options of " + argv[0] + " " + new TreeSet<>(known)
                        + ", got --" + name);
            }
            if (FLAGS.contains(name)) {
                args.put(name, "true");
            } else if (i + 1 < argv.length) {
                // a value may itself start with dashes (--jvm-options "--enable-preview")
                args.put(name, argv[++i]);
            } else {
                throw new IllegalArgumentException("a value for --" + name);
            }
        }
        return args;
    }

    private static Set<String> union(Set<String> common, String... own) {
        Set<String> all = new HashSet<>(common);
        all.addAll(List.of(own));
        return Set.copyOf(all);
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
