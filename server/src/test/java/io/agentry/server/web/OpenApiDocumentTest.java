package io.agentry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.AntPathMatcher;
import tools.jackson.databind.JsonNode;

/**
 * The rules {@code /openapi.json} keeps for every operation, walked over the whole document, so that they hold for
 * routes added later too. Each rule collects every violation, named by operation (or schema) and what to fix,
 * before failing.
 */
@AgentryServerTest
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern GENERATED_ID = Pattern.compile(".*_\\d+");
    /** A verb and a noun, lowerCamelCase: createTask; not a bare Java method name (get, list) springdoc fell back to. */
    private static final Pattern MEANINGFUL_ID = Pattern.compile("[a-z]+[A-Z][A-Za-z0-9]*");
    private static final String PROBLEM_REF = "#/components/schemas/" + OpenApiRules.PROBLEM_SCHEMA;

    @LocalServerPort
    int port;

    JsonNode document;

    record Op(String method, String path, JsonNode node) {
        @Override
        public String toString() {
            return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
        }

        boolean isPublic() {
            AntPathMatcher matcher = new AntPathMatcher();
            return ApiSecurityConfiguration.PUBLIC_PATHS.stream().anyMatch(pattern -> matcher.match(pattern, path));
        }
    }

    @BeforeEach
    void fetchTheDocument() {
        ApiClient.Response response = new ApiClient(port).get("/openapi.json", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        document = response.json();
    }

    List<Op> operations() {
        List<Op> operations = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (METHODS.contains(method.getKey())) {
                operations.add(new Op(method.getKey(), path.getKey(), method.getValue()));
            }
        }));
        assertThat(operations).as("operations in the document").hasSizeGreaterThan(10);
        return operations;
    }

    @Test
    void operationIdsAreGivenUniqueAndNotNumberedBySpringdoc() {
        List<String> violations = new ArrayList<>();
        Map<String, Op> seen = new HashMap<>();
        for (Op op : operations()) {
            String id = op.node().path("operationId").asString("");
            if (id.isEmpty()) {
                violations.add(op + " has no operationId: give it @Operation(operationId = \"verbNoun\")");
            } else if (GENERATED_ID.matcher(id).matches()) {
                violations.add(op + " has the generated operationId " + id + ": give it @Operation(operationId = ...)");
            } else if (seen.putIfAbsent(id, op) != null) {
                violations.add(op + " has the operationId " + id + " of " + seen.get(id));
            } else if (!MEANINGFUL_ID.matcher(id).matches()) {
                violations.add(op + " has the operationId " + id + ", not a lowerCamelCase verb and noun (it names the "
                        + "generated client's method): give it @Operation(operationId = \"verbNoun\")");
            }
        }
        assertThat(violations).as("operation ids").isEmpty();
    }

    @Test
    void everyOperationDocumentsASuccessAndItsProblemAnswers() {
        List<String> violations = new ArrayList<>();
        for (Op op : operations()) {
            JsonNode responses = op.node().path("responses");
            List<String> codes = new ArrayList<>();
            responses.properties().forEach(r -> codes.add(r.getKey()));
            if (codes.stream().noneMatch(c -> c.startsWith("2"))) {
                violations.add(op + " documents no 2xx answer");
            }
            if (!op.isPublic()) {
                if (codes.stream().noneMatch(c -> c.startsWith("4"))) {
                    violations.add(op + " documents no 4xx answer");
                }
                for (String needed : List.of("401", "500")) {
                    if (!codes.contains(needed)) {
                        violations.add(op + " needs a key but does not document " + needed);
                    }
                }
            }
            for (String code : codes) {
                boolean problem = code.startsWith("4") || (code.startsWith("5") && !op.isPublic());
                if (problem && !isProblem(resolve(responses.get(code)))) {
                    violations.add(op + " answers " + code + " without the application/problem+json Problem schema: "
                            + "declare it with @ProblemResponses instead of @ApiResponse");
                }
                if (resolve(responses.get(code)).path("description").asString("").isBlank()) {
                    violations.add(op + " answers " + code + " without a description");
                }
            }
        }
        assertThat(violations).as("responses").isEmpty();
    }

    @Test
    void routesAnswerWhatTheirShapeImplies() {
        List<String> violations = new ArrayList<>();
        for (Op op : operations()) {
            JsonNode responses = op.node().path("responses");
            List<String> notAnswered = new ArrayList<>(); // @ProblemResponses(except = ...)
            op.node().path(OpenApiRules.EXCEPT).forEach(code -> notAnswered.add(code.asString()));
            java.util.function.Predicate<String> missing = code -> !responses.has(code) && !notAnswered.contains(code);
            List<String> in = new ArrayList<>();
            op.node().path("parameters").forEach(p -> in.add(p.path("in").asString()));
            if (in.contains("path") && missing.test("404")) {
                violations.add(op + " has a path variable but does not document 404 (a route that never answers it says "
                        + "so with @ProblemResponses(except = NOT_FOUND))");
            }
            if ((in.contains("query") || in.contains("header")) && missing.test("422")) {
                violations.add(op + " has parameters but does not document 422");
            }
            if (op.node().has("requestBody")) {
                for (String code : List.of("400", "413", "415", "422")) {
                    if (missing.test(code)) {
                        violations.add(op + " has a body but does not document " + code);
                    }
                }
            }
        }
        assertThat(violations).as("statuses implied by each route's shape").isEmpty();
    }

    @Test
    void publicRoutesNeedNoKeyAndEveryOtherOneTheApiKey() {
        JsonNode scheme = document.path("components").path("securitySchemes").path(OpenApiRules.SECURITY_SCHEME);
        assertThat(scheme.path("type").asString()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asString()).isEqualTo("header");
        assertThat(scheme.path("name").asString()).isEqualTo(ApiKeyAuthenticationFilter.HEADER);
        List<String> violations = new ArrayList<>();
        List<Op> publicOps = new ArrayList<>();
        for (Op op : operations()) {
            JsonNode security = op.node().has("security") ? op.node().get("security") : document.path("security");
            boolean needsKey = false;
            for (JsonNode requirement : security) {
                needsKey |= requirement.has(OpenApiRules.SECURITY_SCHEME);
            }
            boolean optional = false;
            for (JsonNode requirement : security) {
                optional |= requirement.isEmpty();
            }
            if (op.isPublic()) {
                publicOps.add(op);
                if (needsKey && !optional) {
                    violations.add(op + " is public (ApiSecurityConfiguration.PUBLIC_PATHS) but documented as needing a key");
                }
            } else if (!needsKey || optional) {
                violations.add(op + " needs a key but is documented without the " + OpenApiRules.SECURITY_SCHEME + " scheme");
            }
        }
        assertThat(violations).as("security").isEmpty();
        assertThat(publicOps).extracting(Op::path).contains("/health", "/health/live", "/health/ready");
    }

    @Test
    void everyPropertyAndParameterIsDescribed() {
        List<String> violations = new ArrayList<>();
        document.path("components").path("schemas").properties().forEach(schema ->
                describedProperties("schema " + schema.getKey(), schema.getValue(), violations));
        for (Op op : operations()) {
            op.node().path("parameters").forEach(p -> {
                if (p.path("description").asString("").isBlank()) {
                    violations.add(op + ": parameter " + p.path("name").asString() + " has no description");
                }
            });
            inlineSchemas(op.node().path("requestBody"), op + " request", violations);
            op.node().path("responses").properties().forEach(r ->
                    inlineSchemas(r.getValue(), op + " answer " + r.getKey(), violations));
        }
        assertThat(violations).as("descriptions (@Schema(description = ...) on each record component, "
                + "@Parameter(description = ...) on each parameter)").isEmpty();
    }

    @Test
    void requestBodiesHaveRealExamplesAndNoExampleIsTheWordString() {
        List<String> violations = new ArrayList<>();
        for (Op op : operations()) {
            op.node().path("requestBody").path("content").properties().forEach(media -> {
                if (!media.getValue().has("example") && media.getValue().path("examples").isEmpty()) {
                    violations.add(op + " " + media.getKey() + " body has no example: without one the docs' "
                            + "\"Try it out\" sends \"string\" for every field");
                }
            });
        }
        placeholderExamples(document, "", violations);
        assertThat(violations).as("examples").isEmpty();
    }

    @Test
    void theProblemSchemaHasRfc9457sMembersAndAgentrysOwn() {
        JsonNode problem = document.path("components").path("schemas").path(OpenApiRules.PROBLEM_SCHEMA);
        List<String> members = new ArrayList<>();
        problem.path("properties").properties().forEach(p -> members.add(p.getKey()));
        assertThat(members).contains("type", "title", "status", "detail", "instance", "errors",
                // rate-limited, spend-budget-exceeded, estimate-over-budget (ApiException.Members records)
                "policy", "limit", "window_seconds", "scope", "period", "budget_usd", "spent_usd", "run_worst_case_usd",
                "resets_at", "estimated_cost_usd", "low_usd", "high_usd", "max_cost_usd");
        JsonNode tooMany = document.path("components").path("responses").path("TooManyRequests");
        assertThat(tooMany.path("headers").has("Retry-After")).isTrue();
        assertThat(tooMany.path("headers").has("RateLimit-Policy")).isTrue();
    }

    @Test
    void successCodesAreTheOnesTheRoutesAnswer() {
        JsonNode paths = document.path("paths");
        assertThat(codes(paths.path("/tasks").path("post"))).contains("202", "200", "429", "503");
        assertThat(paths.path("/tasks").path("post").path("responses").path("202").path("content")
                .path("application/json").path("schema").path("$ref").asString()).endsWith("/TaskView");
        assertThat(paths.path("/tasks").path("post").path("responses").path("202").path("headers").has("Location")).isTrue();
        assertThat(codes(paths.path("/schedules").path("post"))).contains("201").doesNotContain("200");
        assertThat(codes(paths.path("/memories/{namespace}/{key}").path("put"))).contains("201", "200");
        assertThat(codes(paths.path("/schedules/{id}").path("delete"))).contains("204").doesNotContain("200");
        assertThat(codes(paths.path("/memories/{namespace}/{key}").path("delete"))).contains("204").doesNotContain("200");
        JsonNode run = paths.path("/run").path("post").path("responses").path("200").path("content");
        assertThat(run.has("application/json")).isTrue();
        assertThat(run.path("text/event-stream").path("schema").path("description").asString()).contains("run.completed");
        assertThat(paths.path("/tasks/{id}/events").path("get").path("responses").path("200").path("content")
                .has("text/event-stream")).isTrue();
        assertThat(codes(paths.path("/health/ready").path("get"))).contains("200", "503");
    }

    private static List<String> codes(JsonNode operation) {
        List<String> codes = new ArrayList<>();
        operation.path("responses").properties().forEach(r -> codes.add(r.getKey()));
        return codes;
    }

    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asString("");
        if (ref.isEmpty()) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.substring(2).split("/")) {
            target = target.path(part);
        }
        assertThat(target.isMissingNode()).as("%s resolves", ref).isFalse();
        return target;
    }

    private static boolean isProblem(JsonNode response) {
        return PROBLEM_REF.equals(response.path("content").path("application/problem+json").path("schema")
                .path("$ref").asString(""));
    }

    /** Every property of {@code schema} (and of the object schemas inside it) has a description. */
    private void describedProperties(String where, JsonNode schema, List<String> violations) {
        schema.path("properties").properties().forEach(property -> {
            JsonNode value = property.getValue();
            boolean described = !value.path("description").asString("").isBlank()
                    || (value.has("$ref") && !resolve(value).path("description").asString("").isBlank());
            if (!described) {
                violations.add(where + ": property " + property.getKey() + " has no description");
            }
            describedProperties(where + "." + property.getKey(), value, violations);
            describedProperties(where + "." + property.getKey() + "[]", value.path("items"), violations);
        });
    }

    /** The inline object schemas of a request body or an answer (not $refs: those are checked as components). */
    private void inlineSchemas(JsonNode holder, String where, List<String> violations) {
        resolve(holder).path("content").properties().forEach(media ->
                describedProperties(where + " " + media.getKey(), media.getValue().path("schema"), violations));
    }

    /** Swagger UI's placeholders ("string", 0 for every number) as example values, anywhere in the document. */
    private static void placeholderExamples(JsonNode node, String at, List<String> violations) {
        if (node.isObject()) {
            node.properties().forEach(member -> {
                String where = at + "/" + member.getKey();
                if (member.getKey().equals("example") || member.getKey().equals("value") && at.contains("/examples/")) {
                    containsPlaceholder(member.getValue(), where, violations);
                }
                placeholderExamples(member.getValue(), where, violations);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                placeholderExamples(node.get(i), at + "/" + i, violations);
            }
        }
    }

    private static void containsPlaceholder(JsonNode example, String where, List<String> violations) {
        if (example.isString() && example.asString().equals("string")) {
            violations.add(where + " is the placeholder \"string\": give a real example value");
        }
        example.forEach(child -> containsPlaceholder(child, where, violations));
    }
}
