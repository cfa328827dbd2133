package io.agentry.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.AgentryServerTest;
import io.agentry.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's files are served from the jar without a key, with their security headers; the routes they call
 * still need one. (What the pages do is ConsoleBrowserIT's.)
 */
@AgentryServerTest
class ConsoleServingTest {

    @LocalServerPort
    int port;

    @Test
    void servesThePagesAndUplotWithoutAKeyUnderAStrictContentSecurityPolicy() {
        ApiClient api = new ApiClient(port);
        ApiClient.Response bare = api.get("/console", null);
        assertThat(bare.status()).isEqualTo(302);
        assertThat(bare.header("location")).endsWith("/console/");

        ApiClient.Response index = api.get("/console/", null);
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("content-type")).startsWith("text/html");
        assertThat(index.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        assertThat(index.header("content-security-policy")).isEqualTo(ConsoleHeaders.POLICY)
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'");
        assertThat(index.header("referrer-policy")).isEqualTo("no-referrer");
        assertThat(index.header("x-frame-options")).isEqualTo("DENY");

        ApiClient.Response app = api.get("/console/js/app.js", null);
        assertThat(app.status()).isEqualTo(200);
        assertThat(app.header("content-type")).contains("javascript");
        ApiClient.Response uplot = api.get("/console/vendor/uplot/uPlot.esm.js", null);
        assertThat(uplot.status()).isEqualTo(200);
        assertThat(uplot.body()).contains("export { uPlot as default }");
        assertThat(api.get("/console/vendor/uplot/uPlot.min.css", null).status()).isEqualTo(200);
    }

    @Test
    void everyAssetTheIndexNamesIsInTheJarAndNoneComesFromElsewhere() {
        ApiClient api = new ApiClient(port);
        String index = api.get("/console/", null).body();
        assertThat(index).doesNotContain("http://", "https://", "//cdn");
        for (String asset : new String[] {"vendor/uplot/uPlot.min.css", "console.css", "js/app.js"}) {
            assertThat(index).contains("\"" + asset + "\"");
            assertThat(api.get("/console/" + asset, null).status()).as(asset).isEqualTo(200);
        }
    }

    @Test
    void theDataTheConsoleShowsStillNeedsAKeyAndAMissingFileIsAProblem() {
        ApiClient api = new ApiClient(port);
        assertThat(api.get("/usage", null).status()).isEqualTo(401);
        assertThat(api.get("/runs", null).status()).isEqualTo(401);
        ApiClient.Response missing = api.get("/console/no-such-file.js", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("content-type")).startsWith("application/problem+json");
    }
}
