package io.agentry.server.tools.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.server.AgentryApplication;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.MetricsScrape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The server with a plugins directory: its tools serve agents, and a plugin that cannot be used stops the start. */
@ExtendWith(OutputCaptureExtension.class)
class PluginServerTest {

    private static final String DEV_KEY = "agentry-dev-key";
    private static final String FAILING = """
            package acme;

            import dev.langchain4j.agent.tool.ToolSpecification;
            import io.agentry.tool.Tool;
            import io.agentry.tool.ToolCall;

            public class Failing implements Tool {
                public ToolSpecification specification() { return ToolSpecification.builder().name("failing").build(); }
                public String execute(ToolCall call) { throw new IllegalStateException("the backend is down"); }
            }
            """;

    @TempDir
    Path plugins;

    private static ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:plugins-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--agentry.limits.enabled=false"));
        for (String setting : settings) {
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(AgentryApplication.class).run(args.toArray(String[]::new));
    }

    private static List<String> messages(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            messages.add(t.getMessage());
        }
        return messages;
    }

    @Test
    void anAgentCallsPluginToolsAndAToolThatThrowsIsAToolErrorNotAFailedRun() throws Exception {
        PluginJars.jar().source("acme.EchoTool", PluginToolsTest.ECHO_TOOL).source("acme.Failing", FAILING)
                .services("acme.EchoTool", "acme.Failing").writeTo(plugins.resolve("acme.jar"));
        try (ConfigurableApplicationContext context = start("agentry.plugins.dir=" + plugins,
                "agentry.agents.default.tools=echo,failing,calculator")) {
            ApiClient api = new ApiClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));

            JsonNode echoed = api.postJson("/run", DEV_KEY,
                    Map.of("message", "/tool echo {\"text\": \"hi\"}", "user_id", "alice")).json();
            assertThat(echoed.get("content").asString())
                    .isEqualTo("echo returned: hi for alice (loaded by agentry-plugin " + plugins.resolve("acme.jar") + ")");

            MetricsScrape before = MetricsScrape.of(api, DEV_KEY);
            JsonNode failed = api.postJson("/run", DEV_KEY, Map.of("message", "/tool failing {}", "user_id", "alice")).json();
            assertThat(failed.get("success").asBoolean()).isTrue();
            assertThat(failed.get("status").asString()).isEqualTo("completed");
            assertThat(failed.get("content").asString()).isEqualTo("I could not use failing: the backend is down");
            MetricsScrape after = MetricsScrape.of(api, DEV_KEY);
            assertThat(after.increaseSince(before, "agent_tool_errors_total", "error", "IllegalStateException", "tool", "failing"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aPluginToolNamedLikeABuiltInOneStopsTheStartNamingBoth(CapturedOutput output) throws Exception {
        PluginJars.jar().source("acme.EchoTool", PluginToolsTest.ECHO_TOOL.replace("name(\"echo\")", "name(\"calculator\")"))
                .services("acme.EchoTool").writeTo(plugins.resolve("clash.jar"));

        assertThatThrownBy(() -> start("agentry.plugins.dir=" + plugins)).satisfies(e -> assertThat(messages(e))
                .contains("Two tools are named 'calculator': the built-in tool and the plugin " + plugins.resolve("clash.jar") + "."));
        assertThat(output.getErr()).contains("Agentry could not start: Two tools are named 'calculator': the built-in tool "
                + "and the plugin " + plugins.resolve("clash.jar") + ". Rename or remove one of them: agents name their tools, "
                + "so each name must be unique.");
    }

    @Test
    void twoPluginsWithAToolOfTheSameNameStopTheStartNamingBoth() throws Exception {
        PluginJars.jar().source("acme.EchoTool", PluginToolsTest.ECHO_TOOL).services("acme.EchoTool").writeTo(plugins.resolve("a.jar"));
        PluginJars.jar().source("acme.EchoTool", PluginToolsTest.ECHO_TOOL).services("acme.EchoTool").writeTo(plugins.resolve("b.jar"));

        assertThatThrownBy(() -> start("agentry.plugins.dir=" + plugins)).satisfies(e -> assertThat(messages(e))
                .contains("Two tools are named 'echo': the plugin " + plugins.resolve("a.jar") + " and the plugin "
                        + plugins.resolve("b.jar") + "."));
    }

    @Test
    void aBrokenPluginOrAMissingConfiguredDirectoryStopsTheStartWithTheReason(CapturedOutput output) throws Exception {
        PluginJars.jar().services("acme.Missing").writeTo(plugins.resolve("broken.jar"));
        assertThatThrownBy(() -> start("agentry.plugins.dir=" + plugins)).satisfies(e -> assertThat(messages(e))
                .anySatisfy(m -> assertThat(m).startsWith("The plugin " + plugins.resolve("broken.jar") + " cannot be used: ")));
        assertThat(output.getErr()).contains("Agentry could not start: The plugin " + plugins.resolve("broken.jar")
                + " cannot be used: ").contains("Provider acme.Missing not found").contains("or remove it from the plugins directory.");

        assertThatThrownBy(() -> start("agentry.plugins.dir=" + plugins.resolve("nowhere"))).satisfies(e -> assertThat(messages(e))
                .anySatisfy(m -> assertThat(m).startsWith("agentry.plugins.dir is " + plugins.resolve("nowhere") + ", which does not exist")));
    }
}
