package io.agentry.tool;

import dev.langchain4j.agent.tool.ToolSpecification;

/**
 * A capability an agent may call. Implementations must be thread-safe: the loop runs several calls of
 * one turn in parallel, and one tool instance serves every run.
 *
 * <p>Contract: {@link #execute} returns the text fed back to the model. Throwing {@link ToolException}
 * (or any exception) does not fail the run: the loop turns it into an error result for the model and
 * counts it. A tool should honour thread interruption, which is how a cancelled run stops it.
 *
 * <p>This interface, {@link ToolCall}, {@link ToolContext} and {@link ToolException} are the API a tool plugin
 * compiles against (artifact {@code agentry-tool-api}): a plugin jar lists its implementations in
 * {@code META-INF/services/io.agentry.tool.Tool}, each with a public no-argument constructor, and the server
 * loads them from its plugins directory at start. {@link #specification()} is read once, when the tool is loaded.
 */
public interface Tool {

    ToolSpecification specification();

    String execute(ToolCall call) throws Exception;

    default String name() {
        return specification().name();
    }

    /**
     * Whether executing the same call twice has the effect of executing it once (a lookup, a computation, a
     * write of the same value to the same key). The journal's replay rule depends on it: a call whose attempt
     * died after it started and before its result was journalled is executed again only when its tool is
     * idempotent; otherwise the model is told that its outcome is unknown. Read once per run; default false.
     */
    default boolean idempotent() {
        return false;
    }
}
