package io.agentry.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tools by name and tool sources (MCP servers) selected by pattern, checked at start and resolved per run. */
class ToolRegistryTest {

    private record Named(String name) implements Tool {
        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name(name).build();
        }

        @Override
        public String execute(ToolCall call) {
            return name;
        }
    }

    /** A source whose tools a test changes, as an MCP server's change. */
    private static final class Source implements ToolSource {
        private final String name;
        private volatile Map<String, Tool> tools = Map.of();

        Source(String name, String... toolNames) {
            this.name = name;
            offer(toolNames);
        }

        void offer(String... toolNames) {
            Map<String, Tool> offered = new LinkedHashMap<>();
            for (String tool : toolNames) {
                offered.put(tool, new Named(name + SEPARATOR + tool));
            }
            tools = offered;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Map<String, Tool> tools() {
            return tools;
        }
    }

    private final Source everything = new Source("everything", "echo", "get-sum", "get-env", "get-tiny-image");
    private final Source wiki = new Source("wiki", "search");
    private final ToolRegistry registry = new ToolRegistry(List.of(new Named("calculator"), new Named("current_time")),
            List.of(everything, wiki));

    private List<String> select(List<String> tools, List<String> excluded) {
        ToolSelection selection = ToolSelection.parse(tools, excluded);
        registry.check(selection);
        return registry.select(selection).stream().map(Tool::name).toList();
    }

    @Test
    void patternsSelectASourcesToolsByTheirOwnNamesInTheSourcesOrder() {
        assertThat(select(List.of("calculator", "everything/*"), List.of())).containsExactly("calculator",
                "everything__echo", "everything__get-sum", "everything__get-env", "everything__get-tiny-image");
        assertThat(select(List.of("everything/get-*"), List.of()))
                .containsExactly("everything__get-sum", "everything__get-env", "everything__get-tiny-image");
        assertThat(select(List.of("everything/*-*e*"), List.of()))
                .containsExactly("everything__get-env", "everything__get-tiny-image");
        assertThat(select(List.of("everything/echo", "wiki/search"), List.of())).containsExactly("everything__echo", "wiki__search");
        assertThat(select(List.of("everything/ech"), List.of())).isEmpty();
    }

    @Test
    void exclusionsTakeToolsOutAndEachToolComesOnce() {
        assertThat(select(List.of("everything/*", "calculator"), List.of("everything/get-*", "calculator")))
                .containsExactly("everything__echo");
        assertThat(select(List.of("everything/echo", "everything/*"), List.of("everything/get-env")))
                .containsExactly("everything__echo", "everything__get-sum", "everything__get-tiny-image");
    }

    @Test
    void aSourceToolsAreTheyAreWhenSelected() {
        ToolSelection selection = ToolSelection.parse(List.of("wiki/*"), List.of());
        assertThat(registry.select(selection)).extracting(Tool::name).containsExactly("wiki__search");

        wiki.offer();
        assertThat(registry.select(selection)).isEmpty();
        wiki.offer("search", "page");
        assertThat(registry.select(selection)).extracting(Tool::name).containsExactly("wiki__search", "wiki__page");
    }

    @Test
    void unknownToolsAndSourcesAreNamedAtTheCheck() {
        assertThatThrownBy(() -> registry.check(ToolSelection.parse(List.of("calculater", "evrything/*"), List.of("jira/x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown tools [calculater]; known: [calculator, current_time]; unknown MCP servers"
                        + " [evrything, jira]; configured: [everything, wiki]");
        // a source with no tools now is known all the same
        wiki.offer();
        registry.check(ToolSelection.parse(List.of("wiki/*"), List.of()));
        assertThat(registry.resolve(List.of("current_time"))).extracting(Tool::name).containsExactly("current_time");
    }

    @Test
    void malformedEntriesAreRefused() {
        for (String entry : List.of("", "calc*", "/echo", "everything/", "a/b/c")) {
            assertThatThrownBy(() -> ToolSelection.parse(List.of(entry), List.of()), entry)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tool entry '" + entry + "'");
        }
    }

    @Test
    void namesOfToolsMustNotLookLikeASourcesNames() {
        assertThatThrownBy(() -> new ToolRegistry(List.of(new Named("wiki__search")), List.of(wiki)))
                .hasMessageContaining("taken by the names of tool source 'wiki'");
        assertThatThrownBy(() -> new ToolRegistry(List.of(new Named("a/b")), List.of())).hasMessageContaining("'/'");
        assertThatThrownBy(() -> new ToolRegistry(List.of(), List.of(wiki, new Source("wiki"))))
                .hasMessageContaining("two tool sources are named 'wiki'");
        assertThatThrownBy(() -> new ToolRegistry(List.of(), List.of(new Source("my_server"))))
                .hasMessageContaining("letters, digits or dashes");
    }

    @Test
    void globsMatchWholeNames() {
        ToolSelection.Entry star = new ToolSelection.Entry("s", "a*b*c", "s/a*b*c");
        assertThat(List.of("abc", "aXbYc", "abbc", "ab-c-c")).allMatch(star::matches);
        assertThat(List.of("ab", "abcd", "xabc", "acb")).noneMatch(star::matches);
        assertThat(new ToolSelection.Entry("s", "**", "s/**").matches("")).isTrue();
    }
}
