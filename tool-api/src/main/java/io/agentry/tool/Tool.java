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
}
