package io.agentry.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ChildProcess;
import io.agentry.server.testing.NodePackages;
import io.agentry.server.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: the packaged server on its embedded defaults (H2 file in a fresh directory, the
 * offline model streaming at a readable pace) and Debian's Chromium driven by {@code playwright-core} from
 * {@code server/src/test/console} (pinned by its package-lock.json, installed with {@code npm ci}). The script,
 * {@code console-test.mjs}, holds the checks; it writes a screenshot of each page to
 * {@code target/console-screenshots} (the ones in {@code docs/console} are copies of these).
 */
class ConsoleBrowserIT {

    static final Path DIR = Path.of("src", "test", "console").toAbsolutePath();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void signInFollowARunCancelATaskSeeSpendAndStayWithinOnesOwnUser(@TempDir Path work) {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium)").exists();
        NodePackages.install(DIR, "node_modules/playwright-core/package.json");
        try (ServerProcess server = ServerProcess.start("console", Map.ofEntries(
                Map.entry("agentry.security.keys[0].name", "admin"),
                Map.entry("agentry.security.keys[0].key", "admin-key"),
                Map.entry("agentry.security.keys[0].admin", "true"),
                Map.entry("agentry.security.keys[1].name", "alice"),
                Map.entry("agentry.security.keys[1].key", "alice-key"),
                Map.entry("agentry.security.keys[1].user-id", "alice"),
                Map.entry("agentry.security.keys[2].name", "bob"),
                Map.entry("agentry.security.keys[2].key", "bob-key"),
                Map.entry("agentry.security.keys[2].user-id", "bob"),
                Map.entry("agentry.limits.enabled", "false"),
                Map.entry("agentry.budgets.users[alice].daily-usd", "0.05"),
                // an agent whose calculator calls wait for a person's approval
                Map.entry("agentry.agents.default.model", "offline"),
                Map.entry("agentry.agents.careful.model", "offline"),
                Map.entry("agentry.agents.careful.requires-approval[0]", "calculator"),
                // long answers stream for seconds, so that the page sees them arrive and can cancel one
                Map.entry("agentry.models.offline.tokens-per-second", "15"),
                Map.entry("agentry.metrics.queue-stats-interval", "1s")), work)) {
            Path screenshots = Path.of("target", "console-screenshots").toAbsolutePath();
            ChildProcess.Result result = ChildProcess.run(List.of("node", DIR.resolve("console-test.mjs").toString()),
                    Map.of("PATH", System.getenv("PATH"), "HOME", System.getProperty("user.home"),
                            "BASE_URL", server.baseUrl(), "SCREENSHOTS", screenshots.toString()),
                    DIR, Duration.ofSeconds(150));
            assertThat(result.exit()).as("console-test.mjs:\n%s\n%s\nserver log: %s", result.stdout(), result.stderr(),
                    server.log()).isZero();
            assertThat(result.stdout()).contains("[console-test]").contains(" done");
            for (String page : List.of("sign-in", "overview", "runs", "run", "tasks", "task-live", "task-timeline",
                    "task-approval", "spend", "schedules", "memory")) {
                assertThat(screenshots.resolve(page + ".png")).as(page).exists();
            }
            assertThat(Files.exists(work.resolve("data"))).as("the embedded store in the working directory").isTrue();
        }
    }
}
