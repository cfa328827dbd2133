package io.agentry.tool;

import java.util.Map;

/**
 * A named set of tools that changes while the server runs (an MCP server's tools): agents select from it with
 * {@code <source>/<pattern>} entries (see {@link ToolSelection}), resolved again for every run.
 *
 * <p>Contract: {@link #tools} answers at once from what the source last discovered (never blocking on the
 * source), and is empty while the source is unreachable. Every tool's {@link Tool#name()} (the name the model
 * sees) starts with {@code name() + SEPARATOR}, so names of different sources, and of the registry's own
 * tools, never collide. Implementations are thread-safe.
 */
public interface ToolSource {

    /** Between a source's name and its tool's name in the names the model sees: {@code everything__echo}. */
    String SEPARATOR = "__";

    /** The source's name: letters, digits and dashes. */
    String name();

    /** The tools it offers now, keyed by the source's own name for each (what patterns match), in its order. */
    Map<String, Tool> tools();
}
