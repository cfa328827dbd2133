package io.agentry.tool;

import java.util.List;

/** Several {@link ToolSource}s whose number comes from configuration (one per configured MCP server). */
public interface ToolSources {

    List<ToolSource> sources();
}
