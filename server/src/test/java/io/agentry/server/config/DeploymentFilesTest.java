package io.agentry.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.agents.AgentProperties;
import io.agentry.server.tasks.WorkerProperties;
import io.agentry.server.testing.LocalCluster;
import io.agentry.server.testing.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files are parsed and checked against the code they deploy: {@code deploy/compose.yaml} and
 * {@code deploy/k8s/} (YAML well-formed; every environment variable binds to a real property, with a valid
 * value; probes, grace periods, secrets, autoscaling), the {@code Dockerfile} (stages, user, health check,
 * AOT cache, build context) and {@code deploy/nginx.conf} (streaming and long runs). The scripts they use run
 * for real in {@code LocalClusterIT}.
 */
class DeploymentFilesTest {

    private static final Path REPO = LocalCluster.repository();
    private static final Path DEPLOY = REPO.resolve("deploy");
    /** TaskWorker waits this long, after the shutdown grace, for stopped tasks to be given back. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(3);
    /** spring.lifecycle.timeout-per-shutdown-phase in application.yml: in-flight requests get this long. */
    private static final Duration SHUTDOWN_PHASE = Duration.ofSeconds(30);
    private static final Pattern SENSITIVE = Pattern.compile(".*(PASSWORD|SHA256|API_KEY|SECRET)$|AGENTRY_REDIS_URL");

    // --- compose -------------------------------------------------------------------------------------------

    @Test
    void composeRunsTwoApiReplicasFourWorkersNginxRedisAndPostgresWithHealthChecksAndLimits() {
        Map<String, Object> services = map(compose(), "services");
        assertThat(services).containsOnlyKeys("api", "worker", "nginx", "redis", "postgres");
        assertThat(map(services, "api", "deploy").get("replicas")).isEqualTo(2);
        assertThat(map(services, "worker", "deploy").get("replicas")).isEqualTo(4);
        services.forEach((name, service) -> {
            assertThat(list(service, "healthcheck", "test")).as("health check of %s", name).isNotEmpty();
            Map<String, Object> limits = map(service, "deploy", "resources", "limits");
            assertThat(limits).as("resource limits of %s", name).containsKeys("cpus", "memory");
        });
        assertThat(list(services.get("api"), "healthcheck", "test")).containsExactly("CMD", "healthcheck.sh", "/health/ready");
        assertThat(string(services, "api", "image")).isEqualTo(string(services, "worker", "image"));
        assertThat(string(services, "api", "build", "context")).isEqualTo("..");
        assertThat(at(services, "worker", "build")).isEqualTo(at(services, "api", "build"));
        assertThat(DEPLOY.resolve("..").resolve(string(services, "api", "build", "dockerfile"))).exists();
        for (String app : List.of("api", "worker")) {
            assertThat(string(services, app, "depends_on", "postgres", "condition")).isEqualTo("service_healthy");
            assertThat(string(services, app, "depends_on", "redis", "condition")).isEqualTo("service_healthy");
        }
        assertThat(string(services, "nginx", "depends_on", "api", "condition")).isEqualTo("service_healthy");
        assertThat(list(services.get("nginx"), "volumes")).contains("./nginx.conf:/etc/nginx/nginx.conf:ro");
        assertThat(list(services.get("nginx"), "ports")).allSatisfy(p -> assertThat((String) p).endsWith(":8080"));
    }

    @Test
    void composeEnvironmentBindsToTheServersPropertiesInEachRole() {
        Map<String, Object> services = map(compose(), "services");
        for (String app : List.of("api", "worker")) {
            Map<String, String> env = composeEnvironment(services, app);
            EnvironmentBinding.Result result = EnvironmentBinding.bind(env);
            assertThat(result.problems()).as("environment of %s", app).isEmpty();
            assertThat(env.get("AGENTRY_ROLE")).isEqualTo(app);
            // the store and Redis are the compose services, with the credentials PostgreSQL is given
            URI database = URI.create(env.get("AGENTRY_DATABASE_URL").substring("jdbc:".length()));
            Map<String, String> postgres = composeEnvironment(services, "postgres");
            assertThat(database.getScheme()).isEqualTo("postgresql");
            assertThat(services).containsKey(database.getHost());
            assertThat(database.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
            assertThat(env.get("AGENTRY_DATABASE_USERNAME")).isEqualTo(postgres.get("POSTGRES_USER"));
            assertThat(env.get("AGENTRY_DATABASE_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
            assertThat(services).containsKey(URI.create(env.get("AGENTRY_REDIS_URL")).getHost());
        }
    }

    @Test
    void everyVariableComposeInterpolatesIsInTheEnvExample() throws IOException {
        Set<String> interpolated = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+)").matcher(Files.readString(DEPLOY.resolve("compose.yaml")));
        while (matcher.find()) {
            interpolated.add(matcher.group(1));
        }
        Set<String> example = Files.readAllLines(DEPLOY.resolve(".env.example")).stream()
                .filter(l -> l.matches("[A-Z0-9_]+=.*")).map(l -> l.substring(0, l.indexOf('=')))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(example).isEqualTo(interpolated);
    }

    @Test
    void composeStopsWorkersOnlyAfterTheirShutdownGraceAndApisAfterInFlightRequests() {
        Map<String, Object> services = map(compose(), "services");
        WorkerProperties worker = bound(composeEnvironment(services, "worker")).get(WorkerProperties.class);
        assertThat(DurationStyle.detectAndParse(string(services, "worker", "stop_grace_period")))
                .isGreaterThan(worker.shutdownGrace().plus(RELEASE_WAIT));
        assertThat(DurationStyle.detectAndParse(string(services, "api", "stop_grace_period"))).isGreaterThan(SHUTDOWN_PHASE);
    }

    @Test
    void composeConnectionPoolsFitInPostgres() {
        Map<String, Object> services = map(compose(), "services");
        int connections = 0;
        for (String app : List.of("api", "worker")) {
            int pool = Integer.parseInt(composeEnvironment(services, app).get("SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE"));
            connections += pool * (Integer) map(services, app, "deploy").get("replicas");
        }
        String command = String.join(" ", list(services.get("postgres"), "command").stream().map(String::valueOf).toList());
        Matcher max = Pattern.compile("max_connections=(\\d+)").matcher(command);
        assertThat(max.find()).isTrue();
        assertThat(connections).isLessThan(Integer.parseInt(max.group(1)) - 10);
    }

    // --- kubernetes ----------------------------------------------------------------------------------------

    @Test
    void kustomizationListsEveryManifestAndEveryManifestIsWellFormed() throws IOException {
        Map<String, Object> kustomization = yaml(DEPLOY.resolve("k8s/kustomization.yaml"));
        Set<String> files;
        try (Stream<Path> paths = Files.list(DEPLOY.resolve("k8s"))) {
            files = paths.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .filter(n -> !n.equals("kustomization.yaml")).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(new TreeSet<>(list(kustomization, "resources"))).isEqualTo(files);
        for (Map<String, Object> object : kubernetes()) {
            assertThat(object).containsKeys("apiVersion", "kind", "metadata");
            assertThat(map(object, "metadata").get("name")).isNotNull();
        }
    }

    @Test
    void kubernetesEnvironmentBindsAndSecretsComeFromSecretObjects() {
        Map<String, String> configMap = stringMap(map(object("ConfigMap", "agentry-config"), "data"));
        assertThat(configMap.keySet()).noneMatch(name -> SENSITIVE.matcher(name).matches());
        for (String role : List.of("api", "worker")) {
            Map<String, Object> container = container("agentry-" + role);
            assertThat(list(container, "envFrom")).containsExactly(Map.of("configMapRef", Map.of("name", "agentry-config")));
            Map<String, String> env = new LinkedHashMap<>(configMap);
            for (Object entry : list(container, "env")) {
                String name = string(entry, "name");
                Map<String, Object> secret = map(entry, "valueFrom", "secretKeyRef");
                if (SENSITIVE.matcher(name).matches()) {
                    assertThat(secret).as("%s of %s must come from a Secret", name, role).isNotNull();
                    assertThat(string(secret, "name")).isEqualTo("agentry-secrets");
                    assertThat(castMap(entry)).doesNotContainKey("value");
                }
                env.put(name, secret != null ? "from-secret" : string(entry, "value"));
            }
            EnvironmentBinding.Result result = EnvironmentBinding.bind(env);
            assertThat(result.problems()).as("environment of the %s Deployment", role).isEmpty();
            assertThat(env.get("AGENTRY_ROLE")).isEqualTo(role);
            assertThat(env).containsKeys("AGENTRY_DATABASE_URL", "AGENTRY_DATABASE_USERNAME", "AGENTRY_DATABASE_PASSWORD",
                    "AGENTRY_REDIS_URL");
        }
    }

    @Test
    void kubernetesProbesUseTheHealthEndpointsAndPodsRunAsTheImagesUser() {
        int imageUser = Integer.parseInt(dockerfileInstruction("USER").split(":")[0]);
        for (String deployment : List.of("agentry-api", "agentry-worker")) {
            Map<String, Object> container = container(deployment);
            assertThat(list(container, "ports")).containsExactly(Map.of("name", "http", "containerPort", 8080));
            assertThat(map(container, "startupProbe", "httpGet")).isEqualTo(Map.of("path", "/health/live", "port", "http"));
            assertThat(map(container, "livenessProbe", "httpGet")).isEqualTo(Map.of("path", "/health/live", "port", "http"));
            assertThat(map(container, "readinessProbe", "httpGet")).isEqualTo(Map.of("path", "/health/ready", "port", "http"));
            Map<String, Object> pod = map(object("Deployment", deployment), "spec", "template", "spec");
            assertThat(at(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
            assertThat(at(pod, "securityContext", "runAsUser")).isEqualTo(imageUser);
            assertThat(container).doesNotContainKey("workingDir");
        }
    }

    @Test
    void workersGetMoreThanTheirShutdownGraceAndApisMoreThanInFlightRequestsNeed() {
        Map<String, Object> workerPod = map(object("Deployment", "agentry-worker"), "spec", "template", "spec");
        Map<String, String> env = new LinkedHashMap<>();
        for (Object entry : list(container("agentry-worker"), "env")) {
            if (string(entry, "value") != null) {
                env.put(string(entry, "name"), string(entry, "value"));
            }
        }
        WorkerProperties worker = bound(env).get(WorkerProperties.class);
        assertThat(Duration.ofSeconds((Integer) workerPod.get("terminationGracePeriodSeconds")))
                .isGreaterThan(worker.shutdownGrace().plus(RELEASE_WAIT));

        Map<String, Object> apiPod = map(object("Deployment", "agentry-api"), "spec", "template", "spec");
        List<Object> preStop = list(container("agentry-api"), "lifecycle", "preStop", "exec", "command");
        Duration preStopSleep = Duration.ofSeconds(Long.parseLong(String.valueOf(preStop.getLast())));
        assertThat(Duration.ofSeconds((Integer) apiPod.get("terminationGracePeriodSeconds")))
                .isGreaterThan(SHUTDOWN_PHASE.plus(preStopSleep));
    }

    @Test
    void servicesDisruptionBudgetsAndAutoscalersPointAtTheDeployments() {
        for (String component : List.of("api", "worker")) {
            Map<String, Object> labels = map(object("Deployment", "agentry-" + component), "spec", "template", "metadata", "labels");
            assertThat(map(object("Service", "agentry-" + component), "spec", "selector")).isEqualTo(labels);
            assertThat(map(object("PodDisruptionBudget", "agentry-" + component), "spec", "selector", "matchLabels"))
                    .isEqualTo(labels);
            assertThat(list(object("Service", "agentry-" + component), "spec", "ports"))
                    .allSatisfy(port -> assertThat(string(port, "targetPort")).isEqualTo("http"));
        }
        Map<String, Object> hpa = object("HorizontalPodAutoscaler", "agentry-api");
        assertThat(map(hpa, "spec", "scaleTargetRef")).containsEntry("kind", "Deployment").containsEntry("name", "agentry-api");
        assertThat(list(hpa, "spec", "metrics")).singleElement()
                .satisfies(metric -> assertThat(string(metric, "resource", "name")).isEqualTo("cpu"));
        assertThat(at(container("agentry-api"), "resources", "requests", "cpu")).as("the HPA needs a CPU request").isNotNull();

        Map<String, Object> scaledObject = object("ScaledObject", "agentry-worker");
        assertThat(string(scaledObject, "spec", "scaleTargetRef", "name")).isEqualTo("agentry-worker");
        Map<String, Object> trigger = castMap(list(scaledObject, "spec", "triggers").getFirst());
        assertThat(object("TriggerAuthentication", string(trigger, "authenticationRef", "name"))).isNotNull();
        // a pod's share of the queue is what it runs at once
        String concurrency = list(container("agentry-worker"), "env").stream()
                .filter(e -> "AGENTRY_WORKER_CONCURRENCY".equals(string(e, "name"))).map(e -> string(e, "value"))
                .findFirst().orElseThrow();
        assertThat(string(trigger, "metadata", "targetQueryValue")).isEqualTo(concurrency);
    }

    @Test
    void workerScalingQueryCountsRunningAndDueTasksOnTheRealSchema() {
        String query = string(list(object("ScaledObject", "agentry-worker"), "spec", "triggers").getFirst(), "metadata", "query");
        try (TestDatabases.PostgresDatabase db = TestDatabases.postgres()) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            Instant now = Instant.now();
            insertTask(jdbc, "queued", now.minusSeconds(5));        // due: counts
            insertTask(jdbc, "queued", now.minusSeconds(1));        // due: counts
            insertTask(jdbc, "queued", now.plusSeconds(600));       // a retry waiting out its backoff: not yet
            insertTask(jdbc, "running", now.minusSeconds(30));      // counts
            insertTask(jdbc, "completed", now.minusSeconds(60));
            insertTask(jdbc, "failed", now.minusSeconds(60));
            insertTask(jdbc, "cancelled", now.minusSeconds(60));
            assertThat(jdbc.sql(query).query(Long.class).single()).isEqualTo(3);
        }
    }

    private static void insertTask(JdbcClient jdbc, String status, Instant runAfter) {
        jdbc.sql("""
                insert into tasks (task_id, user_id, message, status, attempts, max_retries, run_after, cancel_requested, created_at)
                values (?, 'u', 'm', ?, 0, 2, ?, false, ?)""")
                .params(UUID.randomUUID().toString(), status, Timestamp.from(runAfter), Timestamp.from(Instant.now()))
                .update();
    }

    // --- Dockerfile ----------------------------------------------------------------------------------------

    @Test
    void dockerfileBuildsWithTheWrapperOnJdk25AndRunsTheExtractedJarWithTheAotCacheAsANonRootUser() {
        List<String> instructions = dockerfile();
        assertThat(instructions).contains("ARG JDK_IMAGE=eclipse-temurin:25-jdk-noble", "ARG JRE_IMAGE=eclipse-temurin:25-jre-noble",
                "FROM ${JDK_IMAGE} AS build", "FROM ${JRE_IMAGE} AS layers");
        assertThat(instructions.stream().filter(i -> i.startsWith("FROM ")).toList().getLast()).isEqualTo("FROM ${JRE_IMAGE}");
        assertThat(instructions).anySatisfy(i -> assertThat(i).startsWith("RUN ").contains("./mvnw ").contains(" package"));
        assertThat(instructions).contains("RUN app-image.sh extract /tmp/agentry.jar /layers", "WORKDIR /app");
        assertThat(instructions).anySatisfy(i -> assertThat(i).startsWith("RUN app-image.sh train /app"));
        // the layers, in the image as app-image.sh merges them (and LocalClusterIT proves it against the jar)
        List<String> layerCopies = instructions.stream().filter(i -> i.startsWith("COPY --from=layers ")).toList();
        List<String> scriptLayers = scriptLayers();
        assertThat(layerCopies).hasSize(scriptLayers.size());
        for (int i = 0; i < scriptLayers.size(); i++) {
            assertThat(layerCopies.get(i)).isEqualTo("COPY --from=layers /layers/" + scriptLayers.get(i) + "/ ./");
        }
        String user = dockerfileInstruction("USER");
        assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(instructions).anySatisfy(i -> assertThat(i).startsWith("RUN groupadd").contains("--uid " + user.split(":")[0]));
        assertThat(dockerfileInstruction("HEALTHCHECK")).endsWith("CMD [\"healthcheck.sh\", \"/health/live\"]");
        assertThat(dockerfileInstruction("ENTRYPOINT"))
                .isEqualTo("[\"java\", \"-XX:AOTCache=app.aot\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"agentry.jar\"]");
        assertThat(dockerfileInstruction("EXPOSE")).isEqualTo("8080");
    }

    @Test
    void dockerBuildContextHoldsWhatTheDockerfileCopiesAndNoBuildOutput() throws IOException {
        List<String> rules = Files.readAllLines(REPO.resolve(".dockerignore")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> sources = new ArrayList<>();
        for (String instruction : dockerfile()) {
            if (instruction.startsWith("COPY ") && !instruction.contains("--from=")) {
                List<String> words = new ArrayList<>(List.of(instruction.substring(5).trim().split("\\s+")));
                words.removeIf(w -> w.startsWith("--"));
                sources.addAll(words.subList(0, words.size() - 1));
            }
        }
        assertThat(sources).contains("mvnw", "core/src/", "server/src/", "deploy/app-image.sh", "deploy/healthcheck.sh");
        for (String source : sources) {
            assertThat(REPO.resolve(source)).as(source).exists();
            assertThat(inBuildContext(rules, source)).as("%s is in the build context", source).isTrue();
        }
        assertThat(inBuildContext(rules, "server/target/agentry.jar")).isFalse();
        assertThat(inBuildContext(rules, "core/target/classes/Foo.class")).isFalse();
        assertThat(inBuildContext(rules, "data/agentry.mv.db")).isFalse();
        assertThat(inBuildContext(rules, ".git/config")).isFalse();
    }

    /** .dockerignore's rule: the last pattern matching the path or one of its parents decides. */
    private static boolean inBuildContext(List<String> rules, String path) {
        String clean = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<String> candidates = new ArrayList<>();
        String[] parts = clean.split("/");
        for (int i = 1; i <= parts.length; i++) {
            candidates.add(String.join("/", List.of(parts).subList(0, i)));
        }
        boolean included = true;
        for (String rule : rules) {
            boolean exception = rule.startsWith("!");
            String pattern = (exception ? rule.substring(1) : rule).replaceAll("/$", "");
            var matcher = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            var deepMatcher = pattern.startsWith("**/")
                    ? java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)) : null;
            for (String candidate : candidates) {
                if (matcher.matches(Path.of(candidate)) || (deepMatcher != null && deepMatcher.matches(Path.of(candidate)))) {
                    included = exception;
                    break;
                }
            }
        }
        return included;
    }

    // --- nginx ---------------------------------------------------------------------------------------------

    @Test
    void nginxStreamsWithoutBufferingAndWaitsForTheLongestRun() throws IOException {
        String conf = Files.readString(DEPLOY.resolve("nginx.conf"));
        assertThat(conf).contains("proxy_buffering off;", "proxy_cache off;", "gzip off;", "proxy_http_version 1.1;",
                "proxy_set_header Connection \"\";");
        // POST is never retried on another replica after it was sent: nginx's default, which must not be overridden
        assertThat(conf).doesNotContain("non_idempotent").doesNotContain("proxy_ignore_client_abort on");
        assertThat(directiveSeconds(conf, "proxy_read_timeout")).isGreaterThan(AgentProperties.DEFAULT_TIME_LIMIT);
        assertThat(directiveSeconds(conf, "proxy_send_timeout")).isGreaterThan(AgentProperties.DEFAULT_TIME_LIMIT);
        assertThat(Pattern.compile("upstream agentry_api \\{[^}]*keepalive \\d+;", Pattern.DOTALL).matcher(conf).find()).isTrue();
        // the upstream is the compose service on the server's port, and nginx listens where compose publishes it
        assertThat(conf).contains("server api:8080 resolve;", "listen 8080;");
        // "resolve" needs a resolver: Docker's embedded DNS, so replicas that come and go are followed
        assertThat(directive(conf, "resolver")).startsWith("127.0.0.11 ");
        assertThat(map(compose(), "services")).containsKey("api");
        DataSize serverLimit = (DataSize) EnvironmentBinding.bind(Map.of()).value("agentry.http", "maxBodySize");
        assertThat(DataSize.parse(directive(conf, "client_max_body_size").toUpperCase() + "B"))
                .as("bodies up to the server's own limit (agentry.http.max-body-size) reach the server")
                .isGreaterThan(serverLimit);
    }

    private static String directive(String conf, String name) {
        Matcher matcher = Pattern.compile("(?m)^\\s*" + name + "\\s+([^;]+);").matcher(conf);
        assertThat(matcher.find()).as(name).isTrue();
        return matcher.group(1).trim();
    }

    private static Duration directiveSeconds(String conf, String name) {
        String value = directive(conf, name);
        assertThat(value).matches("\\d+s");
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static EnvironmentBinding.Result bound(Map<String, String> env) {
        EnvironmentBinding.Result result = EnvironmentBinding.bind(env);
        assertThat(result.problems()).isEmpty();
        return result;
    }

    private static Map<String, Object> compose() {
        return yaml(DEPLOY.resolve("compose.yaml"));
    }

    /** A compose service's environment after compose's interpolation (required variables get a stand-in). */
    private static Map<String, String> composeEnvironment(Map<String, Object> services, String service) {
        Map<String, String> env = new LinkedHashMap<>();
        stringMap(map(services, service, "environment")).forEach((name, value) -> env.put(name, interpolate(value)));
        return env;
    }

    private static String interpolate(String value) {
        Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([-?])([^}]*))?}").matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String replacement = "-".equals(matcher.group(2)) ? matcher.group(3) : "set-by-" + matcher.group(1);
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(result).toString();
    }

    private static List<Map<String, Object>> kubernetes() {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object resource : list(yaml(DEPLOY.resolve("k8s/kustomization.yaml")), "resources")) {
            try {
                for (Object document : new Yaml().loadAll(Files.readString(DEPLOY.resolve("k8s").resolve((String) resource)))) {
                    if (document != null) {
                        objects.add(castMap(document));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return objects;
    }

    private static Map<String, Object> object(String kind, String name) {
        return kubernetes().stream().filter(o -> kind.equals(o.get("kind")) && name.equals(string(o, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    private static Map<String, Object> container(String deployment) {
        List<Object> containers = list(object("Deployment", deployment), "spec", "template", "spec", "containers");
        assertThat(containers).hasSize(1);
        return castMap(containers.getFirst());
    }

    /** Instructions of the Dockerfile, continuation lines joined, comments dropped. */
    private static List<String> dockerfile() {
        try {
            String text = Files.readString(REPO.resolve("Dockerfile")).replaceAll("\\\\\\n\\s*", " ");
            return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.replaceAll("\\s+", " ")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String dockerfileInstruction(String keyword) {
        List<String> found = dockerfile().stream().filter(i -> i.startsWith(keyword + " ")).toList();
        assertThat(found).as(keyword).hasSize(1);
        return found.getFirst().substring(keyword.length() + 1).trim();
    }

    private static List<String> scriptLayers() {
        try {
            Matcher matcher = Pattern.compile("(?m)^layers=\\(([^)]*)\\)").matcher(Files.readString(DEPLOY.resolve("app-image.sh")));
            assertThat(matcher.find()).isTrue();
            return List.of(matcher.group(1).trim().split("\\s+"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> yaml(Path file) {
        try {
            return castMap(new Yaml().load(Files.readString(file)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** The map at a path of keys, or null. */
    private static Map<String, Object> map(Object root, String... path) {
        Object value = at(root, path);
        return value instanceof Map<?, ?> ? castMap(value) : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object root, String... path) {
        Object value = at(root, path);
        assertThat(value).as(String.join(".", path)).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static String string(Object root, String... path) {
        Object value = at(root, path);
        return value == null ? null : String.valueOf(value);
    }

    private static Object at(Object root, String... path) {
        Object value = root;
        for (String key : path) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(key);
        }
        return value;
    }

    private static Map<String, String> stringMap(Map<String, Object> map) {
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(k, String.valueOf(v)));
        return result;
    }
}
