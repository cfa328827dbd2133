package io.agentry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * No spelling of a protected route reaches it without a key, and no spelling of a management route reaches it
 * without an admin key: every route the application serves (its controllers and the actuator's), each in many
 * spellings (path parameters, percent-encoded letters, case, double slashes, dot segments, trailing dots,
 * encoded slashes), answered 4xx problem+json.
 */
@AgentryServerTest
class ApiSecurityTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    record Route(String method, String path) {
        boolean management() {
            return path.equals("/actuator") || path.startsWith("/actuator/");
        }
    }

    @Test
    void noSpellingOfAProtectedRouteAnswersWithoutAKey() {
        RawHttp http = new RawHttp(port);
        List<Route> routes = protectedRoutes();
        assertThat(routes).extracting(Route::path)
                .contains("/run", "/tasks", "/usage", "/metrics", "/actuator/loggers", "/actuator/prometheus");
        SoftAssertions softly = new SoftAssertions();
        for (Route route : routes) {
            for (String spelling : spellings(route.path())) {
                RawHttp.Response anonymous = send(http, route.method(), spelling, null);
                softly.assertThat(anonymous.status()).as("%s %s without a key", route.method(), spelling)
                        .isIn(400, 401, 404, 405);
                softly.assertThat(anonymous.isProblem()).as("%s %s answers problem+json", route.method(), spelling).isTrue();
                if (route.management()) {
                    for (String key : List.of("alice-key", "service-key")) {
                        RawHttp.Response user = send(http, route.method(), spelling, key);
                        softly.assertThat(user.status()).as("%s %s with %s", route.method(), spelling, key)
                                .isIn(400, 403, 404, 405);
                    }
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void theReportedLogLevelAttackChangesNothing() {
        RawHttp http = new RawHttp(port);
        String body = "{\"configuredLevel\":\"TRACE\"}";
        for (String path : List.of("/actuator;x=y/loggers/org.apache.coyote.http11", "/actuator;/loggers/org.apache.coyote.http11",
                "/a%63tuator/loggers/org.apache.coyote.http11", "/actuator/loggers/org.apache.coyote.http11")) {
            for (String key : new String[] {null, "alice-key"}) {
                RawHttp.Response response = http.sendBytes(request("POST", path, key, body), false);
                assertThat(response.status()).as("POST %s with %s", path, key).isIn(400, 401, 403);
            }
        }
        ApiClient api = new ApiClient(port);
        ApiClient.Response level = api.get("/actuator/loggers/org.apache.coyote.http11", "admin-key");
        assertThat(level.status()).isEqualTo(200);
        assertThat(level.json().path("configuredLevel").isString()).as("no level was configured: %s", level.body()).isFalse();
    }

    @Test
    void anAdminKeyReachesTheManagementRoutesAndThePublicRoutesNeedNoKey() {
        ApiClient api = new ApiClient(port);
        assertThat(api.get("/actuator/loggers", "admin-key").status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", "admin-key").status()).isEqualTo(200);
        ApiClient.Response forbidden = api.get("/actuator/loggers", "alice-key");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("type").asString()).isEqualTo("https://agentry.dev/problems/forbidden");
        ApiClient.Response wrongKey = api.get("/usage", "not-a-key");
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(wrongKey.json().get("detail").asString()).isEqualTo("Invalid API key");
        assertThat(api.get("/usage", null).json().get("detail").asString()).startsWith("Missing API key");
        for (String path : List.of("/health", "/health/live", "/health/ready", "/openapi.json")) {
            assertThat(api.get(path, null).status()).as(path).isEqualTo(200);
        }
    }

    /** Every route of the application's controllers and of the actuator, but the public ones. */
    private List<Route> protectedRoutes() {
        Set<Route> routes = new LinkedHashSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            mapping.getHandlerMethods().forEach((info, method) -> {
                Set<String> methods = new LinkedHashSet<>();
                info.getMethodsCondition().getMethods().forEach(m -> methods.add(m.name()));
                if (methods.isEmpty()) {
                    methods.add("GET");
                }
                for (String pattern : info.getPatternValues()) {
                    String path = pattern.replaceAll("\\{\\*?[^}]+}", "x").replace("/**", "/x");
                    if (ApiSecurityConfiguration.PUBLIC_PATHS.stream().noneMatch(p -> p.equals(path)
                            || (p.endsWith("/**") && path.startsWith(p.substring(0, p.length() - 3))))) {
                        methods.forEach(m -> routes.add(new Route(m, path)));
                    }
                }
            });
        }
        return new ArrayList<>(routes);
    }

    /** {@code path} as written, and spelled in ways a router or a proxy may read as the same path. */
    static List<String> spellings(String path) {
        int second = path.indexOf('/', 1);
        String first = second < 0 ? path.substring(1) : path.substring(1, second);
        String rest = second < 0 ? "" : path.substring(second);
        String encodedLetter = "%" + Integer.toHexString(first.charAt(0));
        List<String> spellings = new ArrayList<>(List.of(
                path,
                "/" + first + ";x=y" + rest,
                "/" + first + ";" + rest,
                "/" + first + ";/" + rest,
                "/" + encodedLetter + first.substring(1) + rest,
                "/" + encodedLetter.toUpperCase() + first.substring(1) + rest,
                "/%25" + Integer.toHexString(first.charAt(0)) + first.substring(1) + rest,
                "/" + first.toUpperCase() + rest,
                "/" + first.substring(0, 1).toUpperCase() + first.substring(1) + rest,
                "/" + path,
                "/" + first + "/" + rest,
                path + "/",
                path + ".",
                path + "%2e",
                path + "%20",
                path + "%00",
                path + ";.css",
                "/./" + first + rest,
                "/x/../" + first + rest,
                "/x/..;/" + first + rest,
                "/" + first + "/x/.." + rest,
                "/%2e/" + first + rest,
                "/" + first + "%2f" + rest.substring(Math.min(1, rest.length())),
                "/" + first + "%2F" + rest.substring(Math.min(1, rest.length())),
                "/" + first + "%5c" + rest.substring(Math.min(1, rest.length())),
                "/" + first + "\\" + rest.substring(Math.min(1, rest.length()))));
        if (!rest.isEmpty()) {
            spellings.add("/" + first + "//" + rest.substring(1));
            spellings.add("/" + first + rest.toUpperCase());
        }
        return spellings;
    }

    private static RawHttp.Response send(RawHttp http, String method, String target, String key) {
        boolean body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        return http.sendBytes(request(method, target, key, body ? "{}" : null), false);
    }

    private static byte[] request(String method, String target, String key, String body) {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (key != null) {
            request.append("X-Api-Key: ").append(key).append("\r\n");
        }
        if (body != null) {
            request.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        if (body != null) {
            request.append(body);
        }
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }
}
