package io.agentry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What {@code /docs} offers is what the server accepts: every example request body of {@code /openapi.json},
 * sent as the docs' "Try it out" sends it (the parameters' examples filled in, with an admin key not bound to a
 * user, like the development key), is answered 2xx; and no GET operation sent with its parameters' examples is
 * refused as malformed or invalid (a made-up id may be 404). What an example creates is deleted again (through
 * its Location, when the document has a DELETE there), so that no schedule it made ticks in the shared context.
 */
@AgentryServerTest
class DocumentedExamplesTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final String NEEDS_STATE = "x-agentry-examples-need";

    @LocalServerPort
    int port;

    record Sent(String operation, String example, int status, String body) {
    }

    @Test
    void everyExampleBodyIsAcceptedAndNoParameterExampleIsRefused() {
        ApiClient api = new ApiClient(port);
        JsonNode document = api.get("/openapi.json", null).json();
        List<String> violations = new ArrayList<>();
        List<Sent> bodies = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (!METHODS.contains(method.getKey())) {
                return;
            }
            JsonNode operation = method.getValue();
            String name = method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            JsonNode content = operation.path("requestBody").path("content").path("application/json");
            List<String[]> examples = new ArrayList<>();
            if (content.has("example")) {
                examples.add(new String[]{"example", content.get("example").toString()});
            }
            content.path("examples").properties().forEach(e -> examples.add(new String[]{e.getKey(), e.getValue().get("value").toString()}));
            if (examples.isEmpty() && !method.getKey().equals("get")) {
                return; // only safe methods are tried with made-up parameters
            }
            // a body example needs examples of the path's variables to be tried; a GET without them is not tried
            String uri = uri(path.getKey(), operation, name, examples.isEmpty() ? new ArrayList<>() : violations);
            if (uri == null) {
                return;
            }
            if (examples.isEmpty()) {
                ApiClient.Response answer = api.send(api.request(uri, "admin-key", "Accept", accepted(operation))
                        .method(method.getKey().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody()).build());
                if (answer.status() == 400 || answer.status() == 422) {
                    violations.add(name + " with its parameters' examples (" + uri + ") is refused: " + answer.status()
                            + " " + answer.body());
                }
                return;
            }
            for (String[] example : examples) {
                ApiClient.Response answer = api.send(api.request(uri, "admin-key", "Content-Type", "application/json",
                                "Accept", "application/json")
                        .method(method.getKey().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.ofString(example[1])).build());
                bodies.add(new Sent(name, example[0], answer.status(), answer.body()));
                // an operation whose examples need a resource in some state (an interrupted task) says so: with the
                // docs' made-up id its example is answered 404, which comes only after the body was found valid
                boolean needsState = operation.has(NEEDS_STATE);
                if (answer.status() / 100 != 2 && !(needsState && answer.status() == 404)) {
                    violations.add(name + " example '" + example[0] + "' " + example[1] + " is answered " + answer.status()
                            + " " + answer.body());
                }
                deleteCreated(api, document, answer, uri);
            }
        }));
        assertThat(violations).as("documented examples the server refuses").isEmpty();
        assertThat(bodies).extracting(Sent::operation)
                .contains("POST /run", "POST /tasks", "POST /estimate", "POST /schedules", "PUT /memories/{namespace}/{key}",
                        "POST /memories/search", "POST /tasks/{id}/resume");
        assertThat(bodies).filteredOn(s -> s.operation().equals("POST /tasks")).extracting(Sent::status).containsOnly(202);
    }

    /** Deletes what an answer's Location names, with the request's query (its user_id), if the document can. */
    private static void deleteCreated(ApiClient api, JsonNode document, ApiClient.Response answer, String uri) {
        String location = answer.header("location");
        if (location == null) {
            return;
        }
        document.get("paths").properties().forEach(path -> {
            if (path.getValue().has("delete") && location.matches(path.getKey().replaceAll("\\{[^}]+}", "[^/]+"))) {
                String query = uri.contains("?") ? uri.substring(uri.indexOf('?')) : "";
                ApiClient.Response deleted = api.send(api.request(location + query, "admin-key")
                        .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
                assertThat(deleted.status()).as("DELETE %s%s: %s", location, query, deleted.body()).isEqualTo(204);
            }
        });
    }

    /** What the docs ask for: the first media type of the operation's first success answer. */
    private static String accepted(JsonNode operation) {
        for (var response : operation.path("responses").properties()) {
            if (response.getKey().startsWith("2") && response.getValue().path("content").isObject()) {
                for (var media : response.getValue().path("content").properties()) {
                    return media.getKey();
                }
            }
        }
        return "*/*";
    }

    /** The path with its variables, and the query with every parameter that has an example, as the docs fill them. */
    private static String uri(String template, JsonNode operation, String name, List<String> violations) {
        String path = template;
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.path("parameters")) {
            String in = parameter.path("in").asString();
            boolean hasExample = parameter.has("example");
            String value = hasExample ? parameter.get("example").asString(parameter.get("example").toString()) : null;
            if (in.equals("path")) {
                if (!hasExample) {
                    violations.add(name + ": path parameter " + parameter.path("name").asString()
                            + " has no example to try the route's example bodies with");
                    return null;
                }
                path = path.replace("{" + parameter.path("name").asString() + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
            } else if (in.equals("query") && hasExample) {
                query.append(query.isEmpty() ? "?" : "&").append(parameter.path("name").asString()).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return path + query;
    }
}
