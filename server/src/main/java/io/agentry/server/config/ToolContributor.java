package io.agentry.server.config;

import io.agentry.tool.Tool;
import java.util.List;

/**
 * Tools a feature contributes to the {@link io.agentry.tool.ToolRegistry} at start (HTTP tools, plugins), each
 * with where it came from, so that a clash of names can say which two definitions clash.
 */
public interface ToolContributor {

    /**
     * @param origin where the tool is defined, as a user would look for it ("HTTP tool agentry.tools.http.orders",
     *               "plugin plugins/acme.jar")
     */
    record SourcedTool(Tool tool, String origin) {
    }

    List<SourcedTool> tools();
}
