package io.agentry.server.mcp;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An MCP tool's definition as the model is offered it. The input schema is passed on as the server wrote it:
 * each property's schema verbatim ({@link JsonRawSchema}, so formats, enums, unions and defaults survive), with the
 * object's {@code required}, {@code additionalProperties} and definitions ({@code $defs}).
 */
final class McpToolSpecs {

    private McpToolSpecs() {
    }

    static ToolSpecification specification(String exposedName, String server, McpSchema.Tool tool, McpJsonMapper json) {
        String description = tool.description() != null && !tool.description().isBlank() ? tool.description()
                : tool.title() != null && !tool.title().isBlank() ? tool.title()
                : "Tool " + tool.name() + " of MCP server " + server;
        return ToolSpecification.builder()
                .name(exposedName)
                .description(description)
                .parameters(parameters(tool.inputSchema(), json))
                .build();
    }

    private static JsonObjectSchema parameters(Map<String, Object> schema, McpJsonMapper json) {
        JsonObjectSchema.Builder builder = JsonObjectSchema.builder();
        if (schema.get("properties") instanceof Map<?, ?> properties) {
            Map<String, JsonSchemaElement> converted = new LinkedHashMap<>();
            properties.forEach((name, property) -> converted.put(String.valueOf(name), raw(property, json)));
            builder.addProperties(converted);
        }
        if (schema.get("required") instanceof List<?> required) {
            builder.required(required.stream().map(String::valueOf).toList());
        }
        if (schema.get("additionalProperties") instanceof Boolean additional) {
            builder.additionalProperties(additional);
        }
        Object definitions = schema.containsKey("$defs") ? schema.get("$defs") : schema.get("definitions");
        if (definitions instanceof Map<?, ?> defs && !defs.isEmpty()) {
            Map<String, JsonSchemaElement> converted = new LinkedHashMap<>();
            defs.forEach((name, definition) -> converted.put(String.valueOf(name), raw(definition, json)));
            builder.definitions(converted);
        }
        return builder.build();
    }

    private static JsonSchemaElement raw(Object schema, McpJsonMapper json) {
        try {
            return JsonRawSchema.from(json.writeValueAsString(schema));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
