package io.agentry.tool;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every tool the server knows: tools by name (built-in, configured, plugins) and {@link ToolSource}s whose tools
 * come and go while the server runs (MCP servers). Agents pick theirs with a {@link ToolSelection}, checked once
 * at start ({@link #check}) and resolved for every run ({@link #select}), so a run sees a source's tools as
 * they are when it starts.
 */
public final class ToolRegistry {

    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9-]{1,32}");

    private final Map<String, Tool> tools = new LinkedHashMap<>();
    private final Map<String, ToolSource> sources = new LinkedHashMap<>();

    public ToolRegistry(Collection<? extends Tool> tools) {
        this(tools, List.of());
    }

    public ToolRegistry(Collection<? extends Tool> tools, Collection<? extends ToolSource> sources) {
        for (ToolSource source : sources) {
            if (!SOURCE_NAME.matcher(source.name()).matches()) {
                throw new IllegalArgumentException("tool source name '" + source.name()
                        + "' must be 1 to 32 letters, digits or dashes");
            }
            if (this.sources.putIfAbsent(source.name(), source) != null) {
                throw new IllegalArgumentException("two tool sources are named '" + source.name() + "'");
            }
        }
        for (Tool tool : tools) {
            String name = tool.name();
            if (name.contains("/")) {
                throw new IllegalArgumentException("tool name '" + name + "' must not contain '/'");
            }
            for (String source : this.sources.keySet()) {
                if (name.startsWith(source + ToolSource.SEPARATOR)) {
                    throw new IllegalArgumentException("tool name '" + name + "' is taken by the names of tool source '"
                            + source + "' (" + source + ToolSource.SEPARATOR + "...)");
                }
            }
            if (this.tools.putIfAbsent(name, tool) != null) {
                throw new IllegalArgumentException("two tools are named '" + name + "'");
            }
        }
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** The named tools, in the given order; fails naming every unknown one. */
    public List<Tool> resolve(Collection<String> names) {
        ToolSelection selection = ToolSelection.parse(List.copyOf(names), List.of());
        check(selection);
        return select(selection);
    }

    /**
     * Fails, naming them, when {@code selection} names a tool or a source the registry does not have. A source
     * that is known but has no tools now (its server is down) is fine: its tools appear when it comes back.
     */
    public void check(ToolSelection selection) {
        Set<String> unknownTools = new LinkedHashSet<>();
        Set<String> unknownSources = new LinkedHashSet<>();
        for (List<ToolSelection.Entry> entries : List.of(selection.included(), selection.excluded())) {
            for (ToolSelection.Entry entry : entries) {
                if (entry.isPattern() && !sources.containsKey(entry.source())) {
                    unknownSources.add(entry.source());
                } else if (!entry.isPattern() && !tools.containsKey(entry.pattern())) {
                    unknownTools.add(entry.pattern());
                }
            }
        }
        List<String> problems = new ArrayList<>();
        if (!unknownTools.isEmpty()) {
            problems.add("unknown tools " + unknownTools + "; known: " + tools.keySet());
        }
        if (!unknownSources.isEmpty()) {
            problems.add("unknown MCP servers " + unknownSources + "; configured: " + sources.keySet());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * The tools {@code selection} picks now, in the order of its entries (a source's tools in the source's
     * order), each once. Assumes a {@link #check checked} selection; an unknown name still fails.
     */
    public List<Tool> select(ToolSelection selection) {
        Map<String, Tool> selected = new LinkedHashMap<>();
        for (ToolSelection.Entry entry : selection.included()) {
            if (!entry.isPattern()) {
                Tool tool = tools.get(entry.pattern());
                if (tool == null) {
                    throw new IllegalArgumentException("unknown tools [" + entry.pattern() + "]; known: " + tools.keySet());
                }
                if (!selection.excludes(tool.name())) {
                    selected.putIfAbsent(tool.name(), tool);
                }
                continue;
            }
            ToolSource source = sources.get(entry.source());
            if (source == null) {
                throw new IllegalArgumentException("unknown MCP servers [" + entry.source() + "]; configured: "
                        + sources.keySet());
            }
            source.tools().forEach((name, tool) -> {
                if (selection.selects(source.name(), name)) {
                    selected.putIfAbsent(tool.name(), tool);
                }
            });
        }
        return List.copyOf(selected.values());
    }

    /** The names of the tools known by name (not those of sources). */
    public Collection<String> names() {
        return tools.keySet();
    }

    /** The names of the tool sources. */
    public Set<String> sourceNames() {
        return sources.keySet();
    }
}
