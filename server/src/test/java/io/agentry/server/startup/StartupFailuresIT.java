package io.agentry.server.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agentry.server.testing.ChildProcess;
import io.agentry.server.testing.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar started as a person would start it, with one thing wrong each time: standard error holds one
 * plain paragraph that says what is wrong and what fixes it (no stack trace, no class name), standard output the log
 * with the stack trace (JSON lines unless asked otherwise), and the exit status is 1. The starts run at the same time
 * (each in a directory of its own), so the class takes about as long as its slowest two.
 */
class StartupFailuresIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(300);   // a hung start, not a slow one
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @TempDir
    static Path dir;
    private static ExecutorService starts;
    private static ServerSocket takenPort;
    private static Connection openStore;
    private static final Map<String, Future<ChildProcess.Result>> results = new HashMap<>();

    @BeforeAll
    static void startEachBrokenConfiguration() throws Exception {
        starts = Executors.newFixedThreadPool(3);
        Files.writeString(dir.resolve("bad.yml"), """
                agentry:
                  agents:
                    default:
                      model: offline
                     tools: [calculator]
                """);
        takenPort = new ServerSocket(FreePorts.freePort(), 50, InetAddress.getByName("0.0.0.0"));
        Files.createDirectories(dir.resolve("h2/data"));
        openStore = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("h2/data/agentry")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");

        start("model", Map.of(), "--agentry.agents.default.model=gemini:pro");
        start("key", Map.of(), "--agentry.agents.support.model=openai:gpt-4o-mini", "--agentry.default-agent=support");
        start("tool", Map.of("AGENTRY_LOG_FORMAT", "human"), "--agentry.agents.default.tools=calculator,web_search");
        start("yaml", Map.of(), "--spring.config.additional-location=" + dir.resolve("bad.yml"));
        start("yaml-human", Map.of("AGENTRY_LOG_FORMAT", "human"), "--spring.config.additional-location=" + dir.resolve("bad.yml"));
        start("property", Map.of(), "--agentry.agents.default.modle=openai:gpt-4o");
        start("port", Map.of(), "--server.port=" + takenPort.getLocalPort());
        startIn("h2", dir.resolve("h2"), Map.of());
        if (Files.isExecutable(SCRIPT)) {
            startAtTerminal("terminal", "--agentry.agents.default.modle=openai:gpt-4o");
        }
    }

    @AfterAll
    static void release() throws Exception {
        starts.shutdownNow();
        takenPort.close();
        openStore.close();
    }

    @Test
    void anUnknownModelNamesTheAgentTheModelAndTheIdsToUse() throws Exception {
        ChildProcess.Result result = failed("model");
        assertThat(paragraph(result)).isEqualTo("Agentry could not start: Agent 'default' cannot use its model: unknown model "
                + "'gemini:pro': provider 'gemini' is not supported. Set agentry.agents.default.model to offline, "
                + "openai:<model>, anthropic:<model> or openai-compatible:<model>.");
        assertThat(jsonTrace(result)).contains("MisconfiguredAgentException", "ModelSetupException", "\tat ");
    }

    @Test
    void aMissingProviderKeyNamesTheVariableToSetOrTheSwitchThatTurnsTheAgentOff() throws Exception {
        ChildProcess.Result result = failed("key");
        assertThat(paragraph(result)).isEqualTo("Agentry could not start: Agent 'support' cannot use its model: model "
                + "'openai:gpt-4o-mini' needs an OpenAI API key. Set OPENAI_API_KEY (or agentry.providers.openai.api-key), "
                + "or turn the agent off with agentry.agents.support.enabled=false.");
        assertThat(jsonTrace(result)).contains("ModelSetupException");
    }

    @Test
    void anUnknownToolNamesItAndTheToolsThereAreAndTheHumanLogHasTheTrace() throws Exception {
        ChildProcess.Result result = failed("tool");
        assertThat(paragraph(result)).isEqualTo("Agentry could not start: Agent 'default' lists tools that do not exist: "
                + "web_search. Set agentry.agents.default.tools to tools among calculator, current_time, remember, recall.");
        // AGENTRY_LOG_FORMAT=human: Spring Boot's text lines, the trace after the ERROR line
        assertThat(result.stdoutLines()).noneMatch(line -> line.startsWith("{"));
        assertThat(result.stdoutLines()).anyMatch(line -> line.contains(" INFO ") && line.contains("Starting AgentryApplication"));
        assertThat(result.stdout()).contains(" ERROR ", "Agentry could not start: Agent 'default' lists tools",
                "MisconfiguredAgentException", "\tat ");
    }

    @Test
    void aYamlFileThatDoesNotParseIsNamedWithItsLine() throws Exception {
        ChildProcess.Result result = failed("yaml");
        String file = dir.resolve("bad.yml").toString();
        assertThat(paragraph(result)).isEqualTo("Agentry could not start: The configuration file " + file + " is not valid "
                + "YAML at line 5, column 6: expected <block end>, but found '<block mapping start>' (while parsing a block "
                + "mapping that starts at line 3). Correct line 5 of " + file + ": YAML nests by indentation with spaces, "
                + "and the keys of one mapping start in the same column.");
        // before the logging system is set up: the one event is still a JSON line of the log's fields
        JsonNode event = errorEvent(result);
        assertThat(event.get("logger_name").asString()).isEqualTo(StartupFailureReporter.class.getName());
        assertThat(event.get("@timestamp").asString()).isNotBlank();
        assertThat(event.get("stack_trace").asString()).contains("InvalidYamlException", "at org.yaml.snakeyaml.parser.ParserImpl");
    }

    @Test
    void aYamlFileThatDoesNotParseLogsItsTraceAsTextWhenTheHumanFormatIsAsked() throws Exception {
        ChildProcess.Result result = failed("yaml-human");
        assertThat(paragraph(result)).contains("is not valid YAML at line 5");
        assertThat(result.stdoutLines()).noneMatch(line -> line.startsWith("{"));
        assertThat(result.stdout()).contains(" ERROR ", "Agentry could not start: The configuration file", "InvalidYamlException");
    }

    @Test
    void anUnknownPropertyNamesTheNearestKnownOne() throws Exception {
        ChildProcess.Result result = failed("property");
        assertThat(paragraph(result)).isEqualTo("Agentry could not start: Unknown property 'agentry.agents.default.modle' "
                + "(set in commandLineArgs); did you mean 'agentry.agents.default.model'? Rename "
                + "'agentry.agents.default.modle' to 'agentry.agents.default.model', or remove it.");
        assertThat(jsonTrace(result)).contains("UnknownPropertyException");
    }

    @Test
    void aPortInUseNamesItAndTheSettingsThatChooseAnother() throws Exception {
        ChildProcess.Result result = failed("port");
        int port = takenPort.getLocalPort();
        assertThat(paragraph(result)).isEqualTo("Agentry could not start: Port " + port + " is in use by another process "
                + "(another Agentry, perhaps). Stop that process, or start this server on another port: --server.port="
                + (port + 1) + " or the environment variable PORT=" + (port + 1) + " (--server.port=0 picks a free one).");
        assertThat(jsonTrace(result)).contains("PortInUseException");
    }

    @Test
    void aSecondServerOnTheSameH2FileNamesTheFileAndHowToGiveItAStoreOfItsOwn() throws Exception {
        ChildProcess.Result result = failed("h2");
        assertThat(paragraph(result)).isEqualTo("Agentry could not start: The H2 file " + dir.resolve("h2/data/agentry.mv.db")
                + " is open in another process, most likely another Agentry on the same store (servers started in the same "
                + "directory share its ./data). Stop that server, or give this one a store of its own: start it in another "
                + "directory, or set AGENTRY_DATABASE_URL='jdbc:h2:file:./data/agentry-2;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=65536'.");
        assertThat(jsonTrace(result)).contains("Database may be already in use");
    }

    /** At a terminal (util-linux's script runs the jar on a pseudo-terminal), the log is text unless asked otherwise. */
    @Test
    void atATerminalTheLogIsTextForAPerson() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "no " + SCRIPT + " to run the jar at a terminal");
        ChildProcess.Result result = results.get("terminal").get();
        // script passes the terminal's output on: standard error and output together, lines ending in \r\n, and
        // Spring Boot's colors, since it is a terminal
        List<String> lines = result.stdout().replaceAll("\u001B\\[[0-9;]*m", "").lines().map(String::strip).toList();
        assertThat(result.stdout()).contains("\u001B[");
        assertThat(lines).noneMatch(line -> line.startsWith("{"));
        assertThat(lines).anyMatch(line -> line.contains(" INFO ") && line.contains("Starting AgentryApplication"));
        assertThat(lines).contains("Agentry could not start: Unknown property 'agentry.agents.default.modle' (set in "
                + "commandLineArgs); did you mean 'agentry.agents.default.model'? Rename 'agentry.agents.default.modle' to "
                + "'agentry.agents.default.model', or remove it.");
    }

    // --- the starts -----------------------------------------------------------------------------------------

    private static void start(String name, Map<String, String> env, String... args) throws IOException {
        startIn(name, Files.createDirectories(dir.resolve(name)), env, args);
    }

    /** The jar in {@code directory} (its ./data there), with no provider key and a free port unless told otherwise. */
    private static void startIn(String name, Path directory, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        if (List.of(args).stream().noneMatch(arg -> arg.startsWith("--server.port="))) {
            command.add("--server.port=" + FreePorts.freePort());
        }
        command.addAll(List.of(args));
        Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", directory.toString()));
        environment.putAll(env);
        results.put(name, starts.submit(() -> ChildProcess.run(command, environment, directory, TIMEOUT)));
    }

    private static void startAtTerminal(String name, String... args) throws IOException {
        Path directory = Files.createDirectories(dir.resolve(name));
        StringBuilder command = new StringBuilder("exec " + Path.of(System.getProperty("java.home"), "bin", "java")
                + " -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar '" + jar() + "' --server.port=" + FreePorts.freePort());
        for (String arg : args) {
            command.append(" '").append(arg).append("'");
        }
        Map<String, String> environment = Map.of("PATH", "/usr/bin:/bin", "HOME", directory.toString(), "TERM", "dumb");
        results.put(name, starts.submit(() -> ChildProcess.run(List.of(SCRIPT.toString(), "-qec", command.toString(), "/dev/null"),
                environment, directory, TIMEOUT)));
    }

    private static Path jar() {
        return Path.of(System.getProperty("agentry.jar")).toAbsolutePath();
    }

    private static ChildProcess.Result failed(String name) throws Exception {
        ChildProcess.Result result = results.get(name).get();
        assertThat(result.exit()).as("exit status; stderr: %s", result.stderr()).isEqualTo(1);
        return result;
    }

    /** Standard error, which must be one short plain line: no trace, no class name. */
    private static String paragraph(ChildProcess.Result result) {
        assertThat(result.stderrLines()).as(result.stderr()).hasSize(1);
        String paragraph = result.stderrLines().getFirst();
        assertThat(paragraph).hasSizeLessThan(500).doesNotContain("Exception", "\tat ", "io.agentry.", "org.springframework",
                "java.lang", "org.h2", "snakeyaml");
        return paragraph;
    }

    /** The log's failure event, from standard output that is all JSON lines. */
    private static JsonNode errorEvent(ChildProcess.Result result) {
        List<JsonNode> events = result.stdoutLines().stream().filter(line -> !line.isBlank()).map(JSON::readTree).toList();
        List<JsonNode> errors = events.stream().filter(e -> e.get("level").asString().equals("ERROR")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst().get("message").asString()).isEqualTo(paragraph(result));
        return errors.getFirst();
    }

    private static String jsonTrace(ChildProcess.Result result) {
        return errorEvent(result).get("stack_trace").asString();
    }
}
