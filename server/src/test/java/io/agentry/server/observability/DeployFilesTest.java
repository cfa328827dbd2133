package io.agentry.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.MetricsScrape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The ops files in {@code deploy/} parse, are complete, and query only metrics a running server exposes (this
 * one, after some runs and a task; it has an agent on a model without a price, for the unpriced-calls meter).
 */
@AgentryServerTest
@TestPropertySource(properties = {
        "agentry.agents.default.model=offline",
        "agentry.agents.local.model=openai-compatible:llama-no-price",
        "agentry.agents.local.tools=",
        "agentry.providers.openai-compatible.base-url=http://127.0.0.1:9/v1",
})
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    /** Metric names start with one of these; any other identifier in an expression is PromQL or a label. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:agent|jvm|http|process|system|hikaricp|jdbc|tomcat|executor|logback|disk|application)_[a-zA-Z0-9_]+)\\b");
    /** Series Prometheus makes itself, not the server. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static JsonNode dashboard;
    private static Map<String, Object> alerts;
    private static Map<String, Object> prometheus;

    @LocalServerPort
    int port;

    @BeforeAll
    static void parse() throws IOException {
        dashboard = ApiClient.JSON.readTree(Files.readString(DEPLOY.resolve("grafana/agentry-dashboard.json")));
        alerts = new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/agentry-alerts.yml")));
        prometheus = new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/prometheus.yml")));
    }

    @Test
    void theDashboardHasPanelsWithQueriesOnTheDatasourceVariable() {
        assertThat(dashboard.get("uid").asString()).isNotBlank();
        assertThat(dashboard.get("title").asString()).isEqualTo("Agentry");
        List<JsonNode> variables = list(dashboard.get("templating").get("list"));
        assertThat(variables).extracting(v -> v.get("name").asString()).contains("datasource", "agent");

        Set<Integer> ids = new HashSet<>();
        List<JsonNode> panels = list(dashboard.get("panels"));
        assertThat(panels).hasSizeGreaterThan(10);
        for (JsonNode panel : panels) {
            assertThat(ids.add(panel.get("id").asInt())).as("unique panel id %s", panel.get("id")).isTrue();
            assertThat(panel.get("gridPos").get("w").asInt()).isBetween(1, 24);
            if (panel.get("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
            assertThat(list(panel.get("targets"))).as(panel.get("title").asString()).isNotEmpty()
                    .allSatisfy(t -> assertThat(balanced(t.get("expr").asString())).isTrue());
        }
    }

    @Test
    void alertRulesCoverErrorRateLatencyQueueAgeAndSpend() {
        List<Map<String, Object>> rules = rules();
        assertThat(rules).allSatisfy(rule -> {
            assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
            assertThat(balanced((String) rule.get("expr"))).as((String) rule.get("alert")).isTrue();
            assertThat(map(rule.get("labels")).get("severity")).isIn("info", "warning", "critical");
            assertThat(map(rule.get("annotations"))).containsKeys("summary", "description");
        });
        assertThat(rules).extracting(r -> (String) r.get("expr"))
                .anyMatch(e -> e.contains("agent_runs_total{outcome=\"failed\"}"))
                .anyMatch(e -> e.contains("histogram_quantile(0.99") && e.contains("agent_run_latency_bucket"))
                .anyMatch(e -> e.contains("agent_queue_oldest_age_seconds"))
                .anyMatch(e -> e.contains("rate(agent_llm_cost_usd_total"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScrapeConfigSendsAnApiKeyToMetricsAndLoadsTheRules() {
        assertThat((List<Object>) prometheus.get("rule_files")).contains("agentry-alerts.yml");
        Map<String, Object> job = map(((List<?>) prometheus.get("scrape_configs")).getFirst());
        assertThat(job.get("metrics_path")).isEqualTo("/metrics");
        assertThat(map(map(job.get("http_headers")).get("X-Api-Key"))).containsKey("files");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScrapeTargetsAreTheComposeApiAndWorkerServicesOnThePortTheImageListensOn() throws IOException {
        Map<String, Object> job = map(((List<?>) prometheus.get("scrape_configs")).getFirst());
        Map<String, Object> discovery = map(((List<?>) job.get("dns_sd_configs")).getFirst());
        Map<String, Object> services = map(((Map<String, Object>) new Yaml().load(
                Files.readString(DEPLOY.resolve("compose.yaml")))).get("services"));
        assertThat((List<Object>) discovery.get("names")).containsExactlyInAnyOrder("api", "worker")
                .allSatisfy(name -> assertThat(services).containsKey((String) name));
        String imagePort = Files.readAllLines(DEPLOY.resolveSibling("Dockerfile")).stream()
                .filter(line -> line.startsWith("ENV PORT=")).findFirst().orElseThrow().substring("ENV PORT=".length());
        assertThat(discovery.get("port")).isEqualTo(Integer.parseInt(imagePort));
    }

    @Test
    void everyMetricTheFilesQueryIsOneTheServerExposesAndTheDashboardShowsEveryAgentMetric() {
        ApiClient api = new ApiClient(port);
        assertThat(api.postJson("/run", "service-key", Map.of("message", "what is 2+3?", "user_id", "ops")).status())
                .isEqualTo(200);
        assertThat(api.postJson("/run", "service-key", Map.of("message", "what is 1/0?", "user_id", "ops")).status())
                .isEqualTo(200);
        String task = api.postJson("/tasks", "service-key", Map.of("message", "hello", "user_id", "ops")).json()
                .get("task_id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/tasks/" + task, "service-key").json().get("status").asString().equals("completed"));
        MetricsScrape scrape = MetricsScrape.of(api, "service-key");

        Set<String> queried = new TreeSet<>();
        List<String> expressions = new ArrayList<>();
        list(dashboard.get("panels")).stream().filter(p -> p.has("targets"))
                .forEach(p -> list(p.get("targets")).forEach(t -> expressions.add(t.get("expr").asString())));
        list(dashboard.get("templating").get("list")).stream().filter(v -> v.has("definition"))
                .forEach(v -> expressions.add(v.get("definition").asString()));
        rules().forEach(r -> expressions.add((String) r.get("expr")));
        for (String expression : expressions) {
            Matcher m = METRIC.matcher(expression);
            while (m.find()) {
                queried.add(m.group(1));
            }
        }
        assertThat(queried).hasSizeGreaterThan(20);
        queried.removeAll(PROMETHEUS_OWN);
        assertThat(scrape.names()).as("metrics the server exposes").containsAll(queried);

        // the other way round: no agent metric goes unseen (Micrometer's _max gauges aside)
        Set<String> families = new TreeSet<>();
        for (String line : scrape.text().split("\n")) {
            if (line.startsWith("# TYPE agent_")) {
                String family = line.split(" ")[2];
                if (!family.endsWith("_max")) {
                    families.add(family);
                }
            }
        }
        String dashboardText = dashboard.toString();
        assertThat(families).isNotEmpty().allSatisfy(family -> assertThat(dashboardText).contains(family));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : (List<Object>) alerts.get("groups")) {
            assertThat(map(group)).containsKeys("name", "rules");
            rules.addAll((List<Map<String, Object>>) map(group).get("rules"));
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return (Map<String, Object>) yaml;
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    /** Parentheses, brackets and braces pair up (outside quoted strings): a cheap syntax check of PromQL. */
    private static boolean balanced(String expression) {
        StringBuilder open = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            if (c == '"' && (i == 0 || expression.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && "([{".indexOf(c) >= 0) {
                open.append(c);
            } else if (!quoted && ")]}".indexOf(c) >= 0) {
                if (open.isEmpty() || "([{".indexOf(open.charAt(open.length() - 1)) != ")]}".indexOf(c)) {
                    return false;
                }
                open.deleteCharAt(open.length() - 1);
            }
        }
        return open.isEmpty() && !quoted;
    }
}
