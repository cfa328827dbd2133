package io.agentry.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tool results as text: what cannot be text is named, never inlined; long results are cut with a note. */
class McpResultsTest {

    @Test
    void contentBlocksBecomeText() {
        McpSchema.CallToolResult result = new McpSchema.CallToolResult(List.of(
                new McpSchema.TextContent("hello"),
                new McpSchema.ImageContent(null, "AAAA".repeat(100), "image/png"),
                new McpSchema.EmbeddedResource(null, new McpSchema.TextResourceContents("file:///a.txt", "text/plain", "inside")),
                new McpSchema.EmbeddedResource(null, new McpSchema.BlobResourceContents("file:///b.bin", "application/zip", "AAAA"))),
                false, null, null);

        assertThat(McpResults.text(result, McpJsonDefaults.getMapper())).isEqualTo(
                "hello\n[image image/png, 300 bytes]\ninside\n[resource file:///b.bin, application/zip, 3 bytes]");
    }

    @Test
    void structuredContentStandsInForMissingContent() {
        McpSchema.CallToolResult result = new McpSchema.CallToolResult(List.of(), false, Map.of("sum", 5), null);

        assertThat(McpResults.text(result, McpJsonDefaults.getMapper())).isEqualTo("{\"sum\":5}");
    }

    @Test
    void longTextIsCutWithANote() {
        assertThat(McpResults.capped("abcdef", 6)).isEqualTo("abcdef");
        assertThat(McpResults.capped("abcdefg", 3)).isEqualTo("abc\n[result truncated: 7 characters, the first 3 shown]");
        // a character outside the BMP is never split
        assertThat(McpResults.capped("ab😀cd", 3)).startsWith("ab\n[result truncated: 6 characters, the first 2 shown]");
    }
}
