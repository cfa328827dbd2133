package io.agentry.server.mcp;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * One tool of an MCP server, under the name the model sees ({@link McpToolNames}). A call goes to the server's
 * current session ({@link McpConnection#call}); the definition is the one last listed.
 *
 * @param definition the server's definition, to tell a changed tool from an unchanged one on a refresh
 */
record McpTool(McpConnection connection, McpSchema.Tool definition, ToolSpecification specification) implements Tool {

    @Override
    public String execute(ToolCall call) throws Exception {
        return connection.call(definition.name(), call.argumentsObject());
    }
}
