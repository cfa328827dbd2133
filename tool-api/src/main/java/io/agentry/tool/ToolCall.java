package io.agentry.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One invocation of a tool as the model asked for it, with the run it belongs to.
 *
 * @param id        the model's id for this call, echoed back in the result
 * @param name      the tool's name
 * @param arguments the arguments as the JSON text the model produced (may be blank or malformed)
 * @param context   who the call is made for; tools that touch per-user data must scope by it
 */
public record ToolCall(String id, String name, String arguments, ToolContext context) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The arguments as a JSON object; an empty object for blank arguments. */
    public ObjectNode argumentsObject() throws ToolException {
        if (arguments == null || arguments.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = JSON.readTree(arguments);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // reported below without the parser's internals
        }
        throw new ToolException("arguments must be a JSON object");
    }

    /** A required string argument. */
    public String requiredString(String field) throws ToolException {
        JsonNode value = argumentsObject().get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw new ToolException("missing required argument '" + field + "'");
        }
        return value.asText();
    }

    /** An optional whole-number argument (a JSON number or a numeric string), or {@code fallback}. */
    public int optionalInt(String field, int fallback) throws ToolException {
        JsonNode value = argumentsObject().get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return fallback;
        }
        if (value.canConvertToInt() && value.isIntegralNumber()) {
            return value.intValue();
        }
        if (value.isTextual()) {
            try {
                return Integer.parseInt(value.asText().strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new ToolException("argument '" + field + "' must be a whole number");
    }

    /** An optional string argument, or {@code fallback}. */
    public String optionalString(String field, String fallback) throws ToolException {
        JsonNode value = argumentsObject().get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? fallback : value.asText();
    }
}
