package io.agentry.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The names the model sees: {@code <server>__<tool>}, always valid for providers, distinct and stable. */
class McpToolNamesTest {

    private static final String VALID = "^[a-zA-Z0-9_-]{1,64}$";

    @Test
    void aValidToolNameIsKeptBehindTheServersName() {
        assertThat(McpToolNames.exposed("everything", "echo")).isEqualTo("everything__echo");
        assertThat(McpToolNames.exposed("everything", "get-sum")).isEqualTo("everything__get-sum");
        assertThat(McpToolNames.exposed("my-wiki", "search_pages")).isEqualTo("my-wiki__search_pages");
    }

    @Test
    void otherCharactersAndLongNamesGetAStableHashedName() {
        String dotted = McpToolNames.exposed("files", "fs.read file");
        assertThat(dotted).matches("files__fs_read_file_[0-9a-f]{8}").matches(VALID);
        assertThat(McpToolNames.exposed("files", "fs.read file")).isEqualTo(dotted);
        // the plain spelling keeps its name, so the two stay distinct
        assertThat(McpToolNames.exposed("files", "fs_read_file")).isEqualTo("files__fs_read_file");

        String longName = "a".repeat(100);
        String server = "s".repeat(32);
        assertThat(McpToolNames.exposed(server, longName)).hasSize(64).matches(VALID)
                .isNotEqualTo(McpToolNames.exposed(server, longName + "b"));
        assertThat(McpToolNames.exposed("s", "")).matches("s___[0-9a-f]{8}");
    }

    @Test
    void everyNameIsValidAndDistinct() {
        Set<String> names = new HashSet<>();
        List<String> tools = List.of("echo", "ECHO", "e.cho", "e/cho", "e cho", "é", "工具", "x".repeat(64), "x".repeat(65));
        for (String tool : tools) {
            assertThat(names.add(McpToolNames.exposed("srv", tool))).as(tool).isTrue();
        }
        assertThat(names).allMatch(name -> name.matches(VALID));
    }
}
