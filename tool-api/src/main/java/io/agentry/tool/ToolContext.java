package io.agentry.tool;

/** The run a tool call belongs to. {@code userId} may be null for runs not made for a user. */
public record ToolContext(String runId, String userId, String sessionId, String agent) {
}
