package io.agentry.server.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolException;
import io.agentry.tool.ToolSource;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured MCP server as a {@link ToolSource}: keeps a session with it, its tools as last listed, and
 * calls them.
 *
 * <p>Life cycle: {@link #start} connects (for stdio, starts the process) and lists the tools; the list is read
 * again when the server announces a change ({@code notifications/tools/list_changed}) and every
 * {@code refresh-interval}. A session that fails (connecting, listing, a call's transport, the process exiting) is
 * closed, its calls in flight fail at once, its tools are no longer offered, and a new session is tried after a
 * backoff ({@code util.Backoff}: {@code reconnect-initial-delay} doubling up to {@code reconnect-max-delay}; the
 * count starts again once a session has lasted that long). {@link #stop} ends it all (restartable).
 *
 * <p>Calls: each has {@code call-timeout}; its result is cut to {@code max-result-chars}. An {@code isError}
 * result or a JSON-RPC error is a {@link ToolException}; no answer in time a {@link TimeoutException}; a server
 * that cannot be asked a {@link McpUnavailableException}: all tool errors the model sees, never a failed run. An
 * interrupt (the run was cancelled, or hit its time limit) cancels the call at the server.
 */
final class McpConnection implements ToolSource, McpSession.Listener {

    enum Status { STOPPED, CONNECTING, UP, DOWN }

    /** The connection now, replaced whole so that a reader sees one consistent picture. */
    private record State(Status status, McpSession session, Map<String, Tool> tools, String problem, int failures) {
    }

    private static final TypeRef<Map<String, Object>> MAP = new TypeRef<>() {
    };
    private static final int MAX_ERROR_CHARS = 2_000;
    private static final Logger log = LoggerFactory.getLogger(McpConnection.class);

    private final McpServerSettings settings;
    private final McpJsonMapper json;
    private final ScheduledExecutorService timer;
    private final ExecutorService work;
    private final Object lock = new Object();
    private volatile State state = new State(Status.STOPPED, null, Map.of(), "not started", 0);
    private ScheduledFuture<?> next;
    private CountDownLatch firstAttempt = new CountDownLatch(0);

    /**
     * @param timer schedules reconnections and refreshes (its tasks only hand work to {@code work})
     * @param work  runs what blocks: connecting, listing, closing
     */
    McpConnection(McpServerSettings settings, McpJsonMapper json, ScheduledExecutorService timer, ExecutorService work) {
        this.settings = settings;
        this.json = json;
        this.timer = timer;
        this.work = work;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Map<String, Tool> tools() {
        return state.tools();
    }

    McpServerSettings settings() {
        return settings;
    }

    Status status() {
        return state.status();
    }

    /** Null while connected, else why not (safe to show: no secret, no server output beyond an error message). */
    String problem() {
        State now = state;
        return now.status() == Status.UP ? null : now.problem();
    }

    void start() {
        synchronized (lock) {
            if (state.status() != Status.STOPPED) {
                return;
            }
            firstAttempt = new CountDownLatch(1);
            state = new State(Status.CONNECTING, null, Map.of(), "connecting", 0);
            work.execute(this::connect);
        }
    }

    /** Waits until the first connection attempt since {@link #start} has ended, either way. */
    boolean awaitFirstAttempt(Duration wait) throws InterruptedException {
        CountDownLatch latch;
        synchronized (lock) {
            latch = firstAttempt;
        }
        return latch.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        McpSession session;
        synchronized (lock) {
            cancelNext();
            session = state.session();
            state = new State(Status.STOPPED, null, Map.of(), "stopped", 0);
            firstAttempt.countDown();
        }
        if (session != null) {
            session.close("was stopped: Agentry is shutting down");
        }
    }

    private void connect() {
        McpSession session;
        synchronized (lock) {
            if (state.status() == Status.STOPPED) {
                return;
            }
            try {
                session = new McpSession(settings, json, this);
            } catch (RuntimeException e) {
                // lost() tells why and tries again later
                state = new State(Status.CONNECTING, null, Map.of(), state.problem(), state.failures());
                lost(null, McpFailures.describe(e, settings.connectTimeout()));
                return;
            }
            state = new State(Status.CONNECTING, session, Map.of(), state.problem(), state.failures());
        }
        try {
            session.initialize();
            List<McpSchema.Tool> listed = session.listTools();
            Map<String, Tool> tools;
            synchronized (lock) {
                if (state.session() != session) {
                    return; // lost or stopped meanwhile
                }
                tools = McpTool.listed(this, listed, Map.of(), json);
                state = new State(Status.UP, session, tools, null, state.failures());
                firstAttempt.countDown();
                scheduleRefresh(session);
            }
            log.info("MCP server '{}' ({}) connected: {} tools {}", name(), settings.transport().describe(), tools.size(),
                    tools.keySet());
        } catch (RuntimeException e) {
            lost(session, McpFailures.describe(e, settings.connectTimeout()));
        }
    }

    @Override
    public void toolsChanged(McpSession session, List<McpSchema.Tool> listed) {
        Map<String, Tool> tools;
        synchronized (lock) {
            if (state.session() != session || state.status() != Status.UP) {
                return;
            }
            tools = McpTool.listed(this, listed, state.tools(), json);
            if (tools.equals(state.tools())) {
                return;
            }
            state = new State(Status.UP, session, tools, null, state.failures());
        }
        log.info("MCP server '{}' now offers {} tools {}", name(), tools.size(), tools.keySet());
    }

    @Override
    public void lost(McpSession session, String reason) {
        Duration delay;
        boolean news;
        synchronized (lock) {
            if (state.session() != session || state.status() == Status.STOPPED) {
                return; // an old session's late news
            }
            // a session that lasted starts the backoff again; one that fails at once makes it grow
            boolean lasted = session != null && session.age().compareTo(settings.reconnectMaxDelay()) >= 0;
            int failures = lasted ? 1 : state.failures() + 1;
            delay = settings.reconnect().delay(failures, null);
            cancelNext();
            // said once, at warning level, until it is back or fails differently: a server that stays down must not
            // fill the log at every attempt
            news = state.status() != Status.DOWN && !reason.equals(state.problem()) || failures == 1;
            state = new State(Status.DOWN, null, Map.of(), reason, failures);
            next = timer.schedule(() -> work.execute(this::connect), delay.toMillis(), TimeUnit.MILLISECONDS);
            firstAttempt.countDown();
        }
        if (session != null) {
            session.failCalls(reason);
            work.execute(() -> session.close(reason));
        }
        if (news) {
            log.warn("MCP server '{}' ({}) is unavailable: {}; agents run without its tools until it is back; trying"
                    + " again in {}", name(), settings.transport().describe(), reason, McpFailures.print(delay));
        } else {
            log.debug("MCP server '{}' is still unavailable: {}; trying again in {}", name(), reason,
                    McpFailures.print(delay));
        }
    }

    private void scheduleRefresh(McpSession session) {
        cancelNext();
        next = timer.schedule(() -> work.execute(() -> refresh(session)), settings.refreshInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void refresh(McpSession session) {
        if (state.session() != session) {
            return;
        }
        try {
            toolsChanged(session, session.listTools());
        } catch (RuntimeException e) {
            lost(session, "listing its tools failed: " + McpFailures.describe(e, settings.connectTimeout()));
            return;
        }
        synchronized (lock) {
            if (state.session() == session && state.status() == Status.UP) {
                scheduleRefresh(session);
            }
        }
    }

    private void cancelNext() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }


    /** Calls tool {@code tool} with {@code arguments} on the current session. */
    String call(String tool, ObjectNode arguments) throws Exception {
        State now = state;
        if (now.status() != Status.UP) {
            throw new McpUnavailableException("MCP server '" + name() + "' is not connected"
                    + (now.problem() == null ? "" : ": " + now.problem()));
        }
        Map<String, Object> args;
        try {
            args = json.readValue(arguments.toString(), MAP);
        } catch (IOException e) {
            throw new ToolException("arguments must be a JSON object");
        }
        McpSession session = now.session();
        McpSession.Call call = session.call(tool, args);
        McpSchema.CallToolResult result;
        try {
            result = call.result().get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            call.cancel("The run was cancelled");
            throw e;
        } catch (TimeoutException e) {
            call.cancel("Timed out after " + McpFailures.print(settings.callTimeout()));
            throw new TimeoutException("MCP server '" + name() + "' did not answer within "
                    + McpFailures.print(settings.callTimeout()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof McpUnavailableException unavailable) {
                throw unavailable;
            }
            if (cause instanceof McpError error && error.getJsonRpcError() != null) {
                throw new ToolException("MCP server '" + name() + "' refused the call: "
                        + McpResults.capped(String.valueOf(error.getJsonRpcError().message()), MAX_ERROR_CHARS));
            }
            String reason = McpFailures.describe(cause, settings.connectTimeout());
            lost(session, "a call failed: " + reason);
            throw new McpUnavailableException("MCP server '" + name() + "' failed: " + reason);
        }
        String text = McpResults.capped(McpResults.text(result, json), settings.maxResultChars());
        if (Boolean.TRUE.equals(result.isError())) {
            throw new ToolException(text.isBlank() ? "MCP server '" + name() + "' reported an error" : text);
        }
        return text;
    }
}
