package io.agentry.server.tools.plugins;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolException;

/**
 * A tool from a plugin, as the registry holds it: its specification read once, at load, so its name cannot change;
 * each call runs with the plugin's class loader as the thread's context class loader (libraries inside a plugin
 * look classes and resources up there); and an {@link Error} of the plugin's code (a class it lacks, a stack
 * overflow) is a tool error like an exception, so a faulty plugin fails its calls, never the run. Only the JVM's
 * own distress ({@link OutOfMemoryError}, {@link InternalError}) passes through.
 */
final class PluginTool implements Tool {

    private final Tool tool;
    private final ToolSpecification specification;
    private final ClassLoader loader;
    private final boolean idempotent;

    /** {@code idempotent} read once, at load, like the specification. */
    PluginTool(Tool tool, ToolSpecification specification, ClassLoader loader, boolean idempotent) {
        this.tool = tool;
        this.specification = specification;
        this.loader = loader;
        this.idempotent = idempotent;
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public boolean idempotent() {
        return idempotent;
    }

    @Override
    public String execute(ToolCall call) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return tool.execute(call);
        } catch (OutOfMemoryError | InternalError e) {
            throw e;
        } catch (Error e) {
            throw new ToolException("the plugin failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
