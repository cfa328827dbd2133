package io.agentry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every error answer is problem+json with the right status, whichever layer gives it: Tomcat (before any
 * servlet), the security firewall, the dispatcher, the error page.
 */
@AgentryServerTest
class ProblemAnswersTest {

    private static final String KEY = "X-Api-Key: service-key";

    @LocalServerPort
    int port;

    private RawHttp http() {
        return new RawHttp(port);
    }

    private static void assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.headers() + " " + response.body()).isTrue();
        assertThat(response.body()).doesNotContain("Exception", "at org.", "<html", "Tomcat");
    }

    @Test
    void pathsTomcatOrTheFirewallRefuseAre400() {
        for (String target : new String[] {"/run%2Fx", "/tasks%2f1", "/tasks/%00", "/../run", "/tasks/..%2f..", "/tasks;jsessionid=1"}) {
            assertProblem(http().send("GET", target, KEY), 400);
        }
    }

    @Test
    void malformedHeadersAre400AndOversizedOnes431() {
        assertProblem(http().send("GET", "/usage", KEY, "X-Note: a\rb"), 400);
        assertProblem(http().send("GET", "/usage", KEY, "X-Note: a\0b"), 400);
        assertProblem(http().send("GET", "/usage", KEY, "X-Big: " + "a".repeat(100_000)), 431);
    }

    @Test
    void brokenBodiesAre400() {
        String chunked = "POST /run HTTP/1.1\r\nHost: 127.0.0.1\r\n" + KEY + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
        assertProblem(http().sendBytes(chunked.getBytes(StandardCharsets.US_ASCII), false), 400);
        String truncated = "POST /run HTTP/1.1\r\nHost: 127.0.0.1\r\n" + KEY + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"message\":\"hi\"";
        assertProblem(http().sendBytes(truncated.getBytes(StandardCharsets.US_ASCII), true), 400);
    }

    @Test
    void traceIs405AndAnUnreadableAcceptIs406AndTheErrorPageIsNoRoute() {
        RawHttp.Response trace = http().send("TRACE", "/run", KEY);
        assertProblem(trace, 405);
        ApiClient api = new ApiClient(port);
        ApiClient.Response notAcceptable = api.post("/run", "service-key", "{\"message\":\"hi\",\"user_id\":\"u\"}",
                "Accept", "foo/bar;;;q=x");
        assertThat(notAcceptable.status()).isEqualTo(406);
        assertThat(notAcceptable.header("content-type")).startsWith("application/problem+json");
        assertThat(notAcceptable.json().get("status").asInt()).isEqualTo(406);
        assertProblem(http().send("GET", "/error", KEY), 404);
        assertProblem(http().send("GET", "/error"), 404);
    }
}
