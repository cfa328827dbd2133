package io.agentry.server.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The stdio transport of MCP: Agentry starts the server's process and exchanges newline-delimited JSON-RPC
 * messages on its stdin and stdout. Ours rather than the SDK's because a server process must (1) not inherit
 * Agentry's environment, which holds provider keys: it gets only {@link #INHERITED} from it, plus its own
 * {@code env}; (2) have its stderr logged line by line under a logger of its own, {@code io.agentry.mcp.<server>};
 * (3) report its exit at once, so that calls in flight fail and the server is restarted; (4) be stopped with
 * everything it started ({@code npx} runs the server as a child): stdin closed, then SIGTERM, then SIGKILL.
 *
 * <p>One instance is one process: a restart makes a new transport.
 */
final class StdioTransport implements McpClientTransport {

    /** What a server process gets of Agentry's environment (what a shell needs to find and run programs). */
    static final Set<String> INHERITED = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "LANG", "LC_ALL",
            "LC_CTYPE", "TMPDIR", "TZ", "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "COMSPEC", "PATHEXT", "TEMP", "TMP",
            "USERPROFILE", "APPDATA", "LOCALAPPDATA", "PROGRAMFILES", "USERNAME", "HOMEDRIVE", "HOMEPATH");
    /** Longest stdout line (one message) read; a longer one ends the process as broken. */
    static final int MAX_MESSAGE_CHARS = 16 * 1024 * 1024;
    private static final int MAX_LOG_LINE_CHARS = 4_000;
    private static final long STOP_WAIT_MS = 2_000;
    private static final Logger log = LoggerFactory.getLogger(StdioTransport.class);

    /** A failure of ours, its message written here and safe to show. */
    static final class Failure extends McpTransportException {
        Failure(String message) {
            super(message);
        }
    }

    private final String server;
    private final McpServerSettings.Stdio settings;
    private final McpJsonMapper json;
    private final Consumer<String> onExit;
    private final Logger serverLog;
    private volatile Process process;
    private volatile Failure startFailure;
    private volatile boolean closing;

    /** @param onExit told, once, why the process ended when it ends without being closed */
    StdioTransport(String server, McpServerSettings.Stdio settings, McpJsonMapper json, Consumer<String> onExit) {
        this.server = server;
        this.settings = settings;
        this.json = json;
        this.onExit = onExit;
        this.serverLog = LoggerFactory.getLogger("io.agentry.mcp." + server);
    }

    @Override
    public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> start(handler));
    }

    private void start(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        List<String> command = new ArrayList<>();
        command.add(settings.command());
        command.addAll(settings.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(INHERITED);
        environment.putAll(settings.env());
        if (settings.workingDirectory() != null) {
            builder.directory(settings.workingDirectory().toFile());
        }
        Process started;
        try {
            started = builder.start();
        } catch (IOException e) {
            // the message names the command only, which is configuration, not a secret (the arguments may be)
            // not thrown: the SDK's session would log it with a stack trace at every attempt; the first message
            // fails with it instead, and the connection says why once
            startFailure = new Failure("cannot start its process: " + e.getMessage());
            return;
        }
        process = started;
        Thread.ofVirtual().name("mcp-" + server + "-stdout").start(() -> readMessages(started, handler));
        Thread.ofVirtual().name("mcp-" + server + "-stderr").start(() -> logErrors(started));
        started.onExit().thenAccept(ended -> {
            if (!closing) {
                onExit.accept("its process exited with code " + ended.exitValue());
            }
        });
        log.debug("MCP server '{}' started as process {}", server, started.pid());
    }

    private void readMessages(Process started,
                              Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        try (Reader reader = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = reader.read()) != -1) {
                if (c != '\n') {
                    if (line.length() >= MAX_MESSAGE_CHARS) {
                        log.warn("MCP server '{}' wrote a message longer than {} characters; stopping it", server,
                                MAX_MESSAGE_CHARS);
                        started.destroyForcibly();
                        return;
                    }
                    line.append((char) c);
                    continue;
                }
                String text = line.toString().strip();
                line.setLength(0);
                if (!text.isEmpty()) {
                    deliver(text, handler);
                }
            }
        } catch (IOException e) {
            if (!closing) {
                log.debug("MCP server '{}': stdout closed", server, e);
            }
        }
    }

    private void deliver(String text, Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, text);
        } catch (IOException | RuntimeException e) {
            log.warn("MCP server '{}' wrote a line to stdout that is not a JSON-RPC message (servers must log to"
                    + " stderr): {}", server, abbreviated(text));
            return;
        }
        handler.apply(Mono.just(message)).subscribe(ignored -> {
        }, error -> log.debug("MCP server '{}': handling a message failed", server, error));
    }

    private void logErrors(Process started) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(started.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    serverLog.info(abbreviated(line));
                }
            }
        } catch (IOException e) {
            log.debug("MCP server '{}': stderr closed", server, e);
        }
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return Mono.fromRunnable(() -> {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw startFailure != null ? startFailure : new Failure("its process is not running");
            }
            try {
                byte[] line = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
                OutputStream stdin = current.getOutputStream();
                synchronized (stdin) {
                    stdin.write(line);
                    stdin.flush();
                }
            } catch (IOException e) {
                throw new Failure("cannot write to its process (" + e.getClass().getSimpleName() + ")");
            }
        });
    }

    /** Stops the process and what it started: stdin closed (MCP's shutdown), then SIGTERM, then SIGKILL. */
    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::stop);
    }

    void stop() {
        closing = true;
        Process current = process;
        if (current == null) {
            return;
        }
        List<ProcessHandle> children = current.descendants().toList();
        try {
            current.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!current.waitFor(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                children = current.descendants().toList();
                children.forEach(ProcessHandle::destroy);
                current.destroy();
                if (!current.waitFor(STOP_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    current.destroyForcibly();
                    current.waitFor(STOP_WAIT_MS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The process, while it runs (for tests and logs). */
    Process process() {
        return process;
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return json.convertValue(data, typeRef);
    }

    private static String abbreviated(String line) {
        return line.length() <= MAX_LOG_LINE_CHARS ? line : line.substring(0, MAX_LOG_LINE_CHARS) + "...";
    }
}
