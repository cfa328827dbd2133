package io.agentry.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every tool the server knows, by name. Agents pick theirs from it by name. */
public final class ToolRegistry {

    private final Map<String, Tool> tools = new LinkedHashMap<>();

    public ToolRegistry(Collection<? extends Tool> tools) {
        for (Tool tool : tools) {
            if (this.tools.putIfAbsent(tool.name(), tool) != null) {
                throw new IllegalArgumentException("two tools are named '" + tool.name() + "'");
            }
        }
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** The named tools, in the given order; fails naming every unknown one. */
    public List<Tool> resolve(Collection<String> names) {
        List<Tool> resolved = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            Tool tool = tools.get(name);
            if (tool == null) {
                unknown.add(name);
            } else {
                resolved.add(tool);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown tools " + unknown + "; known: " + tools.keySet());
        }
        return resolved;
    }

    public Collection<String> names() {
        return tools.keySet();
    }
}
