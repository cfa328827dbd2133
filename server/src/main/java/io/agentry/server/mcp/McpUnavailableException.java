package io.agentry.server.mcp;

/**
 * An MCP server could not be asked: it is down, its process exited, the connection failed. A tool error the model
 * sees (its message says which server and why, without secrets), counted in {@code agent_tool_errors_total} with
 * this class's name as the error type.
 */
class McpUnavailableException extends Exception {

    McpUnavailableException(String message) {
        super(message);
    }
}
