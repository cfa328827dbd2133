package io.agentry.server.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An MCP tool result as text for the model: text blocks as they are, a text resource's text, and a line that
 * names what cannot be shown as text (images, audio, binary resources: their type and size, never their bytes;
 * resource links: their URI). With no content, the structured content as JSON. Cut to the server's
 * {@code max-result-chars}, with a note of how much there was.
 */
final class McpResults {

    private McpResults() {
    }

    static String text(McpSchema.CallToolResult result, McpJsonMapper json) {
        List<String> parts = new ArrayList<>();
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            parts.add(switch (content) {
                case McpSchema.TextContent text -> text.text();
                case McpSchema.ImageContent image -> "[image " + image.mimeType() + ", " + decodedSize(image.data()) + " bytes]";
                case McpSchema.AudioContent audio -> "[audio " + audio.mimeType() + ", " + decodedSize(audio.data()) + " bytes]";
                case McpSchema.EmbeddedResource embedded -> resource(embedded.resource());
                case McpSchema.ResourceLink link -> "[resource link " + link.uri()
                        + (link.name() == null ? "" : " (" + link.name() + ")") + "]";
                default -> "[content of a type Agentry does not know]";
            });
        }
        if (parts.isEmpty() && result.structuredContent() != null) {
            try {
                parts.add(json.writeValueAsString(result.structuredContent()));
            } catch (IOException e) {
                parts.add("[structured content that could not be written as JSON]");
            }
        }
        return String.join("\n", parts);
    }

    /** {@code text}, or its first {@code max} characters and a note saying how long it was. */
    static String capped(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "\n[result truncated: " + text.length() + " characters, the first " + end
                + " shown]";
    }

    private static String resource(McpSchema.ResourceContents resource) {
        return switch (resource) {
            case McpSchema.TextResourceContents text -> text.text();
            case McpSchema.BlobResourceContents blob -> "[resource " + blob.uri()
                    + (blob.mimeType() == null ? "" : ", " + blob.mimeType()) + ", " + decodedSize(blob.blob()) + " bytes]";
            default -> "[resource " + resource.uri() + "]";
        };
    }

    private static long decodedSize(String base64) {
        return base64 == null ? 0 : base64.length() * 3L / 4;
    }
}
