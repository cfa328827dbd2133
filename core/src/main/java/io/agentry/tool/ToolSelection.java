package io.agentry.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which tools an agent may call: entries naming a tool of the registry ({@code calculator}) or tools of a
 * {@link ToolSource} by a pattern on the source's own tool names ({@code everything/*}, {@code everything/get-*},
 * {@code everything/echo}; {@code *} stands for any run of characters, nothing else is special), minus the
 * excluded entries (same syntax). Parsed once; matching allocates nothing.
 */
public record ToolSelection(List<Entry> included, List<Entry> excluded) {

    /** One entry: a registry tool ({@code source} null) or a pattern on one source's tool names. */
    public record Entry(String source, String pattern, String text) {

        /** Whether the entry's pattern matches {@code toolName} (a name of its source's own). */
        public boolean matches(String toolName) {
            return glob(pattern, 0, toolName, 0);
        }

        public boolean isPattern() {
            return source != null;
        }

        /** Iterative glob match with backtracking to the last star: linear in practice, no regex. */
        private static boolean glob(String pattern, int p, String name, int n) {
            int star = -1;
            int mark = 0;
            while (n < name.length()) {
                if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    mark = n;
                } else if (p < pattern.length() && pattern.charAt(p) == name.charAt(n)) {
                    p++;
                    n++;
                } else if (star >= 0) {
                    p = star + 1;
                    n = ++mark;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }

    public ToolSelection {
        included = List.copyOf(included);
        excluded = List.copyOf(excluded);
    }

    /** Parses an agent's entries; throws {@link IllegalArgumentException} naming a malformed one. */
    public static ToolSelection parse(List<String> tools, List<String> excludedTools) {
        return new ToolSelection(entries(tools), entries(excludedTools));
    }

    private static List<Entry> entries(List<String> texts) {
        List<Entry> entries = new ArrayList<>();
        for (String text : texts == null ? List.<String>of() : texts) {
            entries.add(entry(Objects.requireNonNullElse(text, "").strip()));
        }
        return entries;
    }

    private static Entry entry(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            if (text.isEmpty() || text.contains("*")) {
                throw new IllegalArgumentException("tool entry '" + text + "' is not a tool name nor a"
                        + " <server>/<pattern> (wildcards select the tools of a server: 'everything/*')");
            }
            return new Entry(null, text, text);
        }
        String source = text.substring(0, slash);
        String pattern = text.substring(slash + 1);
        if (source.isEmpty() || pattern.isEmpty() || pattern.contains("/")) {
            throw new IllegalArgumentException("tool entry '" + text + "' must be <server>/<pattern>, e.g. 'everything/*'");
        }
        return new Entry(source, pattern, text);
    }

    /** Whether a source's tool is selected: some included pattern of that source matches and no excluded one. */
    public boolean selects(String source, String toolName) {
        return anyMatch(included, source, toolName) && !anyMatch(excluded, source, toolName);
    }

    /** Whether a registry tool is excluded. */
    public boolean excludes(String toolName) {
        for (Entry entry : excluded) {
            if (!entry.isPattern() && entry.pattern().equals(toolName)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyMatch(List<Entry> entries, String source, String toolName) {
        for (Entry entry : entries) {
            if (source.equals(entry.source()) && entry.matches(toolName)) {
                return true;
            }
        }
        return false;
    }
}
