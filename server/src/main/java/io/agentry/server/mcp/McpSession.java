package io.agentry.server.mcp;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * One session with an MCP server (for stdio, one process): the SDK's client over a transport we watch, and the
 * tool calls in flight on it. A session that fails is closed and replaced by a new one ({@link McpConnection}).
 *
 * <p>Cancellation: the SDK neither sends {@code notifications/cancelled} nor tells which JSON-RPC id a request got,
 * so every {@code tools/call} carries our own id in its {@code _meta} ({@value #CALL_ID_META}) and the transport
 * wrapper notes the JSON-RPC id each one is sent with; {@link Call#cancel} then sends the notification the
 * protocol defines, so the server can stop the work, and drops the call.
 */
final class McpSession {

    static final String CALL_ID_META = "io.agentry/call-id";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(McpSession.class);

    /** What a session tells its connection. */
    interface Listener {
        void toolsChanged(McpSession session, List<McpSchema.Tool> tools);

        void lost(McpSession session, String reason);
    }

    /** A call in flight: its result, and the JSON-RPC id it went out with, once sent. */
    final class Call {
        private final String id;
        private final CompletableFuture<McpSchema.CallToolResult> result = new CompletableFuture<>();
        private volatile Object requestId;
        private volatile Disposable subscription;

        private Call(String id) {
            this.id = id;
        }

        CompletableFuture<McpSchema.CallToolResult> result() {
            return result;
        }

        /** Abandons the call and asks the server to stop it ({@code notifications/cancelled}). */
        void cancel(String reason) {
            calls.remove(id);
            Disposable running = subscription;
            if (running != null) {
                running.dispose();
            }
            Object sentAs = requestId;
            if (sentAs != null) {
                transport.sendMessage(new McpSchema.JSONRPCNotification(McpSchema.JSONRPC_VERSION,
                                "notifications/cancelled", Map.of("requestId", sentAs, "reason", reason)))
                        .subscribe(ignored -> {
                        }, error -> log.debug("MCP server '{}': cancelling call {} failed", server, id, error));
            }
        }
    }

    private final String server;
    private final Duration connectTimeout;
    private final McpClientTransport transport;
    private final McpAsyncClient client;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Instant opened = Instant.now();

    McpSession(McpServerSettings settings, McpJsonMapper json, Listener listener) {
        this.server = settings.name();
        this.connectTimeout = settings.connectTimeout();
        this.transport = transport(settings, json, reason -> listener.lost(this, reason));
        this.client = McpClient.async(new WatchedTransport(transport))
                // our own timeouts come first (connect timeout, each call's timeout); this one only bounds leftovers
                .requestTimeout(settings.callTimeout().plus(settings.connectTimeout()))
                .initializationTimeout(settings.connectTimeout())
                .clientInfo(McpSchema.Implementation.builder("agentry", "1").build())
                .capabilities(McpSchema.ClientCapabilities.builder().build())
                .toolsChangeConsumer(tools -> Mono.fromRunnable(() -> listener.toolsChanged(this, tools)))
                .build();
    }

    private static McpClientTransport transport(McpServerSettings settings, McpJsonMapper json, Consumer<String> exited) {
        return switch (settings.transport()) {
            case McpServerSettings.Stdio stdio -> new StdioTransport(settings.name(), stdio, json, exited);
            case McpServerSettings.Http http -> {
                URI url = http.url();
                HttpRequest.Builder requests = HttpRequest.newBuilder();
                http.headers().forEach(requests::header);
                String endpoint = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
                yield HttpClientStreamableHttpTransport.builder(url.getScheme() + "://" + url.getRawAuthority())
                        .endpoint(url.getRawQuery() == null ? endpoint : endpoint + "?" + url.getRawQuery())
                        .requestBuilder(requests)
                        .connectTimeout(settings.connectTimeout())
                        .jsonMapper(json)
                        .build();
            }
        };
    }

    /** Starts the session (for stdio, the process) and the MCP handshake; throws when it fails. */
    void initialize() {
        client.initialize().block(connectTimeout);
    }

    /** Every tool the server lists now (all pages). */
    List<McpSchema.Tool> listTools() {
        McpSchema.ListToolsResult result = client.listTools().block(connectTimeout);
        return result == null || result.tools() == null ? List.of() : result.tools();
    }

    /** Sends a call; its result completes with the server's answer, or exceptionally. */
    Call call(String tool, Map<String, Object> arguments) {
        Call call = new Call(UUID.randomUUID().toString());
        calls.put(call.id, call);
        call.result.whenComplete((result, error) -> calls.remove(call.id));
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(tool, arguments, Map.of(CALL_ID_META, call.id));
        call.subscription = client.callTool(request).subscribe(call.result::complete, call.result::completeExceptionally,
                () -> call.result.completeExceptionally(new IllegalStateException("no result")));
        return call;
    }

    /** Fails every call in flight at once (the process exited, the connection broke). */
    void failCalls(String reason) {
        for (Call call : List.copyOf(calls.values())) {
            call.result.completeExceptionally(new McpUnavailableException("MCP server '" + server + "' is unavailable: " + reason));
        }
    }

    /** How long the session has been open. */
    Duration age() {
        return Duration.between(opened, Instant.now());
    }

    /** Ends the session: calls in flight fail, the server is told (HTTP) or stopped (stdio). Never throws. */
    void close(String reason) {
        failCalls(reason);
        try {
            client.closeGracefully().block(CLOSE_WAIT);
        } catch (RuntimeException e) {
            log.debug("MCP server '{}': closing the session did not end cleanly", server, e);
        }
        if (transport instanceof StdioTransport stdio) {
            stdio.stop(); // waits for the process; already done unless the client's close timed out
        }
    }

    /** The transport, seen from the SDK's client: notes the JSON-RPC id each of our calls is sent with. */
    private final class WatchedTransport implements McpClientTransport {

        private final McpClientTransport delegate;

        WatchedTransport(McpClientTransport delegate) {
            this.delegate = delegate;
        }

        @Override
        public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
            return delegate.connect(handler);
        }

        @Override
        public void setExceptionHandler(Consumer<Throwable> handler) {
            delegate.setExceptionHandler(handler);
        }

        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            if (message instanceof McpSchema.JSONRPCRequest request
                    && request.params() instanceof McpSchema.CallToolRequest call
                    && call.meta() != null && call.meta().get(CALL_ID_META) instanceof String id) {
                Call pending = calls.get(id);
                if (pending != null) {
                    pending.requestId = request.id();
                }
            }
            return delegate.sendMessage(message);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return delegate.closeGracefully();
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return delegate.unmarshalFrom(data, typeRef);
        }

        @Override
        public List<String> protocolVersions() {
            return delegate.protocolVersions();
        }
    }
}
