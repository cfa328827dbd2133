package io.agentry.server.mcp;

import io.agentry.tool.ToolSource;
import io.agentry.util.Sha256;
import java.util.regex.Pattern;

/**
 * The names the model sees for an MCP server's tools: {@code <server>__<tool>} ({@code everything__echo},
 * {@code everything__get-sum}), valid for every provider ({@code ^[a-zA-Z0-9_-]{1,64}$}, OpenAI's rule, the
 * strictest). A tool name with other characters ({@code .}, {@code /}, spaces) has them replaced by {@code _}, and
 * one that would make the name longer than 64 is cut; either then ends with {@code _} and 8 hex digits of the
 * SHA-256 of the tool's own name, so that names stay distinct and the same tool always gets the same name.
 */
final class McpToolNames {

    static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern INVALID_CHAR = Pattern.compile("[^A-Za-z0-9_-]");
    private static final int HASH_CHARS = 8;

    private McpToolNames() {
    }

    /** The name the model sees for tool {@code tool} of server {@code server}. */
    static String exposed(String server, String tool) {
        String prefix = server + ToolSource.SEPARATOR;
        if (!tool.isEmpty() && VALID.matcher(tool).matches() && prefix.length() + tool.length() <= MAX_LENGTH) {
            return prefix + tool;
        }
        String suffix = "_" + Sha256.hex(tool).substring(0, HASH_CHARS);
        String cleaned = INVALID_CHAR.matcher(tool).replaceAll("_");
        int room = MAX_LENGTH - prefix.length() - suffix.length();
        return prefix + cleaned.substring(0, Math.min(cleaned.length(), room)) + suffix;
    }
}
