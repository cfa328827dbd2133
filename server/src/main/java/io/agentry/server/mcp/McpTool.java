package io.agentry.server.mcp;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tool of an MCP server, under the name the model sees ({@link McpToolNames}). A call goes to the server's
 * current session ({@link McpConnection#call}); the definition is the one last listed.
 *
 * @param definition the server's definition, to tell a changed tool from an unchanged one on a refresh
 */
record McpTool(McpConnection connection, McpSchema.Tool definition, ToolSpecification specification) implements Tool {

    private static final Logger log = LoggerFactory.getLogger(McpTool.class);

    /** As the server's configuration declares ({@code idempotent-tools}); the server's own hints are not trusted. */
    @Override
    public boolean idempotent() {
        return connection.settings().isIdempotent(definition.name());
    }

    @Override
    public String execute(ToolCall call) throws Exception {
        return connection.call(definition.name(), call.argumentsObject());
    }

    /**
     * A server's tools as listed, by the server's names, in its order. Unchanged tools keep their objects from
     * {@code previous} (their specifications' token counts are cached by value, and prompt caches see the same
     * definitions); a name listed twice, or two names that map to one, is offered once.
     */
    static Map<String, Tool> listed(McpConnection connection, List<McpSchema.Tool> listed, Map<String, Tool> previous,
                                    McpJsonMapper json) {
        Map<String, Tool> tools = new LinkedHashMap<>();
        Set<String> exposed = new HashSet<>();
        for (McpSchema.Tool definition : listed) {
            String name = McpToolNames.exposed(connection.name(), definition.name());
            if (tools.containsKey(definition.name()) || !exposed.add(name)) {
                log.warn("MCP server '{}' lists tool '{}' twice (or two tools that map to {}); offering the first",
                        connection.name(), definition.name(), name);
                continue;
            }
            Tool known = previous.get(definition.name());
            tools.put(definition.name(), known instanceof McpTool tool && tool.definition().equals(definition) ? known
                    : new McpTool(connection, definition,
                            McpToolSpecs.specification(name, connection.name(), definition, json)));
        }
        return Collections.unmodifiableMap(tools);
    }
}
