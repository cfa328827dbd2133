package io.agentry.server.tools.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.server.config.InvalidConfigurationException;
import io.agentry.server.config.ToolContributor;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolContext;
import io.agentry.tool.ToolException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading plugin jars (built here with the JDK's compiler) from a plugins directory. */
class PluginToolsTest {

    static final String ECHO_TOOL = """
            package acme;

            import dev.langchain4j.agent.tool.ToolSpecification;
            import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
            import io.agentry.tool.Tool;
            import io.agentry.tool.ToolCall;
            import io.agentry.tool.ToolException;

            public class EchoTool implements Tool {
                public ToolSpecification specification() {
                    return ToolSpecification.builder().name("echo").description("Echoes")
                            .parameters(JsonObjectSchema.builder().addStringProperty("text").required("text").build()).build();
                }

                public String execute(ToolCall call) throws ToolException {
                    return call.requiredString("text") + " for " + call.context().userId() + " (loaded by "
                            + Thread.currentThread().getContextClassLoader().getName() + ")";
                }
            }
            """;
    static final String TEXT_TOOLS = """
            package acme;

            import dev.langchain4j.agent.tool.P;
            import dev.langchain4j.agent.tool.Tool;
            import dev.langchain4j.invocation.InvocationParameters;

            public class TextTools {
                @Tool(name = "shout", value = "Shouts a text")
                public String shout(@P("the text") String text, int times, InvocationParameters run) {
                    return (text.toUpperCase() + "!").repeat(times) + " in " + run.get("session_id");
                }

                @Tool("Adds two numbers")
                public long add(long a, long b) {
                    return a + b;
                }

                @Tool(name = "which_session", value = "Names the session")
                public String whichSession(@dev.langchain4j.agent.tool.ToolMemoryId Object session) {
                    return "session " + session;
                }
            }
            """;

    @TempDir
    Path dir;

    private PluginTools plugins;

    @AfterEach
    void close() {
        if (plugins != null) {
            plugins.close();
        }
    }

    private PluginTools load(Path directory) {
        plugins = new PluginTools(new PluginsProperties(directory.toString()));
        return plugins;
    }

    private static Map<String, Tool> byName(PluginTools plugins) {
        return plugins.tools().stream().map(ToolContributor.SourcedTool::tool).collect(Collectors.toMap(Tool::name, t -> t));
    }

    private static ToolCall call(String name, String arguments) {
        return new ToolCall("c1", name, arguments, new ToolContext("run-1", "alice", "session-9", "default"));
    }

    @Test
    void aJarProvidesToolImplementationsThroughServiceLoaderAndToolMethodsThroughItsManifest() throws Exception {
        PluginJars.jar().source("acme.EchoTool", ECHO_TOOL).source("acme.TextTools", TEXT_TOOLS)
                .services("acme.EchoTool").manifest(Plugin.TOOL_CLASSES_ATTRIBUTE, "acme.TextTools")
                .writeTo(dir.resolve("acme.jar"));

        Map<String, Tool> tools = byName(load(dir));

        assertThat(tools).containsOnlyKeys("echo", "shout", "add", "which_session");
        assertThat(plugins.tools()).allSatisfy(t -> assertThat(t.origin()).isEqualTo("the plugin " + dir.resolve("acme.jar")));
        assertThat(tools.get("echo").execute(call("echo", "{\"text\": \"hi\"}")))
                .isEqualTo("hi for alice (loaded by agentry-plugin " + dir.resolve("acme.jar") + ")");
        assertThat(tools.get("shout").specification().parameters().required()).containsExactlyInAnyOrder("text", "times");
        assertThat(tools.get("shout").execute(call("shout", "{\"text\": \"hey\", \"times\": 2}"))).isEqualTo("HEY!HEY! in session-9");
        assertThat(tools.get("add").execute(call("add", "{\"a\": 2, \"b\": 40}"))).isEqualTo("42");
        assertThat(tools.get("which_session").specification().parameters()).isNull(); // the memory id is no argument
        assertThat(tools.get("which_session").execute(call("which_session", ""))).isEqualTo("session session-9");
        assertThatThrownBy(() -> tools.get("add").execute(call("add", "{\"a\": \"two\", \"b\": 40}")))
                .isInstanceOf(ToolException.class).hasMessageStartingWith("invalid arguments: ");
        // the plugin's classes are its own: the server's class loader does not see them
        assertThatThrownBy(() -> Class.forName("acme.EchoTool")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aSubdirectoryIsOnePluginWhoseJarsSeeEachOtherButPluginsDoNotSeeEachOther() throws Exception {
        String library = "package lib; public class Greeting { public static String of(String who) { return \"hello \" + who; } }";
        String tool = """
                package acme;

                import dev.langchain4j.agent.tool.Tool;

                public class Greeter {
                    @Tool("Greets") public String greet(String who) { return lib.Greeting.of(who); }
                }
                """;
        PluginJars.jar().source("lib.Greeting", library).writeTo(dir.resolve("greeter/lib.jar"));
        PluginJars.jar().source("lib.Greeting", library).source("acme.Greeter", tool).leaveOut("lib.Greeting")
                .manifest(Plugin.TOOL_CLASSES_ATTRIBUTE, "acme.Greeter").writeTo(dir.resolve("greeter/greeter.jar"));
        // the same class names in another plugin: no clash, each plugin has its own class loader
        PluginJars.jar().source("acme.EchoTool", ECHO_TOOL).services("acme.EchoTool").writeTo(dir.resolve("echo.jar"));
        Files.writeString(dir.resolve("README.txt"), "not a plugin");

        Map<String, Tool> tools = byName(load(dir));

        assertThat(tools).containsOnlyKeys("greet", "echo");
        assertThat(tools.get("greet").execute(call("greet", "{\"who\": \"bob\"}"))).isEqualTo("hello bob");
    }

    @Test
    void theDefaultDirectoryMayBeMissingButAConfiguredOneMayNot() {
        plugins = new PluginTools(new PluginsProperties(null));
        assertThat(plugins.tools()).isEmpty(); // ./plugins does not exist where the tests run

        assertThatThrownBy(() -> load(dir.resolve("missing")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("agentry.plugins.dir is " + dir.resolve("missing") + ", which does not exist");
    }

    @Test
    void aServiceEntryNamingAClassThePluginLacksStopsTheStartNamingThePlugin() throws Exception {
        PluginJars.jar().source("acme.EchoTool", ECHO_TOOL).services("acme.EchoTool", "acme.Missing")
                .writeTo(dir.resolve("broken.jar"));

        assertThatThrownBy(() -> load(dir)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("The plugin " + dir.resolve("broken.jar") + " cannot be used: a tool listed in "
                        + "META-INF/services/io.agentry.tool.Tool could not be loaded: ServiceConfigurationError")
                .hasMessageContaining("acme.Missing");
    }

    @Test
    void aToolClassBuiltAgainstAClassItDoesNotShipStopsTheStart() throws Exception {
        String needy = """
                package acme;

                import dev.langchain4j.agent.tool.ToolSpecification;
                import io.agentry.tool.Tool;
                import io.agentry.tool.ToolCall;

                public class Needy implements Tool {
                    private static final Object HELPER = new Helper();
                    public ToolSpecification specification() { return ToolSpecification.builder().name("needy").build(); }
                    public String execute(ToolCall call) { return HELPER.toString(); }
                }
                """;
        PluginJars.jar().source("acme.Needy", needy).source("acme.Helper", "package acme; class Helper {}")
                .leaveOut("acme.Helper").services("acme.Needy").writeTo(dir.resolve("needy.jar"));

        assertThatThrownBy(() -> load(dir)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith("The plugin " + dir.resolve("needy.jar") + " cannot be used: ")
                .hasMessageContaining("could not be instantiated), caused by ClassNotFoundException (acme.Helper)");
    }

    @Test
    void manifestClassesThatCannotServeAsToolsStopTheStart() throws Exception {
        PluginJars.jar().source("acme.TextTools", TEXT_TOOLS).manifest(Plugin.TOOL_CLASSES_ATTRIBUTE, "acme.TextTools, acme.Gone")
                .writeTo(dir.resolve("a.jar"));
        assertThatThrownBy(() -> load(dir)).hasMessage("The plugin " + dir.resolve("a.jar") + " cannot be used: the class "
                + "acme.Gone named in Agentry-Tool-Classes is not in the plugin.");
        Files.delete(dir.resolve("a.jar"));

        PluginJars.jar().source("acme.Plain", "package acme; public class Plain { public String hi() { return \"hi\"; } }")
                .manifest(Plugin.TOOL_CLASSES_ATTRIBUTE, "acme.Plain").writeTo(dir.resolve("b.jar"));
        assertThatThrownBy(() -> load(dir)).hasMessage("The plugin " + dir.resolve("b.jar") + " cannot be used: the class "
                + "acme.Plain named in Agentry-Tool-Classes has no @Tool methods.");
        Files.delete(dir.resolve("b.jar"));

        PluginJars.jar().source("acme.Args", """
                package acme;
                public class Args {
                    public Args(String config) {}
                    @dev.langchain4j.agent.tool.Tool("x") public String x() { return "x"; }
                }
                """).manifest(Plugin.TOOL_CLASSES_ATTRIBUTE, "acme.Args").writeTo(dir.resolve("c.jar"));
        assertThatThrownBy(() -> load(dir)).hasMessage("The plugin " + dir.resolve("c.jar") + " cannot be used: the class "
                + "acme.Args has no public constructor without arguments.");
    }

    @Test
    void aJarWithoutToolsOrWithABadlyNamedToolStopsTheStart() throws Exception {
        PluginJars.jar().resource("notes.txt", "nothing here").writeTo(dir.resolve("empty.jar"));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("The plugin " + dir.resolve("empty.jar") + " provides no tools.");
        Files.delete(dir.resolve("empty.jar"));

        PluginJars.jar().source("acme.EchoTool", ECHO_TOOL.replace("name(\"echo\")", "name(\"echo tool!\")"))
                .services("acme.EchoTool").writeTo(dir.resolve("named.jar"));
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("the tool acme.EchoTool is named 'echo tool!', which models do not accept");
    }

    @Test
    void whatAPluginToolThrowsIsThrownToTheCallerAndAnErrorBecomesAToolException() throws Exception {
        String failing = """
                package acme;

                import dev.langchain4j.agent.tool.ToolSpecification;
                import io.agentry.tool.Tool;
                import io.agentry.tool.ToolCall;

                public class Failing implements Tool {
                    public ToolSpecification specification() { return ToolSpecification.builder().name("failing").build(); }
                    public String execute(ToolCall call) {
                        if (call.arguments().contains("error")) {
                            throw new NoClassDefFoundError("com/acme/Gone");
                        }
                        throw new IllegalStateException("the backend is down");
                    }
                }
                """;
        String throwing = """
                package acme;

                public class Throwing {
                    @dev.langchain4j.agent.tool.Tool("Fails") public String fail(String why) {
                        throw new UnsupportedOperationException(why);
                    }
                }
                """;
        PluginJars.jar().source("acme.Failing", failing).source("acme.Throwing", throwing).services("acme.Failing")
                .manifest(Plugin.TOOL_CLASSES_ATTRIBUTE, "acme.Throwing").writeTo(dir.resolve("failing.jar"));
        Map<String, Tool> tools = byName(load(dir));

        assertThatThrownBy(() -> tools.get("failing").execute(call("failing", "{}")))
                .isInstanceOf(IllegalStateException.class).hasMessage("the backend is down");
        assertThatThrownBy(() -> tools.get("failing").execute(call("failing", "{\"error\": true}")))
                .isInstanceOf(ToolException.class).hasMessage("the plugin failed (NoClassDefFoundError: com/acme/Gone)");
        assertThatThrownBy(() -> tools.get("fail").execute(call("fail", "{\"why\": \"not today\"}")))
                .isInstanceOf(UnsupportedOperationException.class).hasMessage("not today");
    }

    @Test
    void theServersOwnToolsAreNotTakenForAPluginsServices() throws Exception {
        // a plugin that lists a class the server has (parent first: it resolves to the server's) provides nothing
        PluginJars.jar().services("io.agentry.tool.CalculatorTool").writeTo(dir.resolve("sneaky.jar"));
        assertThatThrownBy(() -> load(dir)).hasMessage("The plugin " + dir.resolve("sneaky.jar") + " provides no tools.");
    }

    static List<String> names(PluginTools plugins) {
        return plugins.tools().stream().map(t -> t.tool().name()).toList();
    }
}
