package io.agentry.server.tools.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An HTTP tool's {@code parameters}, a JSON Schema text, as the LangChain4j {@link JsonObjectSchema} that model
 * adapters send to providers. The top level must be an object schema ({@code type}, {@code description},
 * {@code properties}, {@code required}, {@code additionalProperties} (true or false), {@code $defs}; {@code $schema},
 * {@code $id}, {@code title} and {@code $comment} are dropped), since a tool's arguments are one JSON object. Below
 * it, a schema LangChain4j has a type for (object, string, string with {@code enum}, integer, number, boolean,
 * null, array with {@code items}, {@code anyOf}, a {@code $ref} into {@code $defs}) becomes that type, and any
 * other, such as one with {@code format}, {@code minimum}, {@code pattern} or a list of types, is passed on as
 * written ({@link JsonRawSchema}), so no constraint is lost on the way to the model.
 */
final class JsonSchemaParameters {

    /** An object with no properties: a tool without arguments. */
    static final String NONE = "{\"type\":\"object\",\"properties\":{}}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OBJECT_KEYS = Set.of("type", "description", "properties", "required",
            "additionalProperties", "$defs", "definitions");
    private static final Set<String> SCALAR_KEYS = Set.of("type", "description");
    private static final Set<String> ENUM_KEYS = Set.of("type", "description", "enum");
    private static final Set<String> ARRAY_KEYS = Set.of("type", "description", "items");
    private static final Set<String> ANY_OF_KEYS = Set.of("anyOf", "description");
    private static final Set<String> DROPPED_AT_TOP = Set.of("$schema", "$id", "title", "$comment");

    /**
     * @param schema     what the model is offered
     * @param properties the names of the top-level properties
     * @param required   the top-level properties a call must give (checked before a request is sent)
     */
    record Parameters(JsonObjectSchema schema, Set<String> properties, List<String> required) {
    }

    private JsonSchemaParameters() {
    }

    /** The schema {@code text} describes; the exception's message says what is wrong with it. */
    static Parameters parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("is not valid JSON (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("must be a JSON Schema object, such as " + NONE);
        }
        if (root.has("type") && !"object".equals(root.get("type").asText(null))) {
            throw new IllegalArgumentException("must have \"type\": \"object\": a tool's arguments are one JSON object");
        }
        for (String key : (Iterable<String>) root::fieldNames) {
            if (!OBJECT_KEYS.contains(key) && !DROPPED_AT_TOP.contains(key)) {
                throw new IllegalArgumentException("has the top-level keyword '" + key + "', which cannot be offered to "
                        + "a model there (it may be used inside a property)");
            }
        }
        if (root.has("additionalProperties") && !root.get("additionalProperties").isBoolean()) {
            throw new IllegalArgumentException("may only have true or false as its top-level additionalProperties");
        }
        JsonObjectSchema schema = object(root, "the schema");
        List<String> required = schema.required() == null ? List.of() : List.copyOf(schema.required());
        Set<String> properties = new LinkedHashSet<>(schema.properties().keySet());
        for (String name : required) {
            if (!properties.contains(name)) {
                throw new IllegalArgumentException("requires '" + name + "', which is not one of its properties");
            }
        }
        return new Parameters(schema, Set.copyOf(properties), required);
    }

    private static JsonSchemaElement element(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("has " + where + " that is not a JSON object");
        }
        JsonNode type = node.get("type");
        if (type == null) {
            if (node.has("$ref") && only(node, Set.of("$ref")) && reference(node.get("$ref").asText("")) != null) {
                return JsonReferenceSchema.builder().reference(reference(node.get("$ref").asText())).build();
            }
            if (node.has("anyOf") && node.get("anyOf").isArray() && only(node, ANY_OF_KEYS)) {
                List<JsonSchemaElement> options = new ArrayList<>();
                for (JsonNode option : node.get("anyOf")) {
                    options.add(element(option, "an anyOf option in " + where));
                }
                return JsonAnyOfSchema.builder().description(description(node)).anyOf(options).build();
            }
            if (node.has("properties") && only(node, OBJECT_KEYS) && additionalPropertiesIsBoolean(node)) {
                return object(node, where);
            }
            return raw(node);
        }
        if (!type.isTextual()) {
            return raw(node); // a list of types
        }
        return switch (type.asText()) {
            case "object" -> only(node, OBJECT_KEYS) && additionalPropertiesIsBoolean(node) ? object(node, where) : raw(node);
            case "string" -> {
                if (node.has("enum")) {
                    yield only(node, ENUM_KEYS) && allText(node.get("enum"))
                            ? JsonEnumSchema.builder().description(description(node)).enumValues(texts(node.get("enum"))).build()
                            : raw(node);
                }
                yield only(node, SCALAR_KEYS) ? JsonStringSchema.builder().description(description(node)).build() : raw(node);
            }
            case "integer" -> only(node, SCALAR_KEYS) ? JsonIntegerSchema.builder().description(description(node)).build() : raw(node);
            case "number" -> only(node, SCALAR_KEYS) ? JsonNumberSchema.builder().description(description(node)).build() : raw(node);
            case "boolean" -> only(node, SCALAR_KEYS) ? JsonBooleanSchema.builder().description(description(node)).build() : raw(node);
            case "null" -> only(node, Set.of("type")) ? new JsonNullSchema() : raw(node);
            case "array" -> {
                if (!only(node, ARRAY_KEYS) || (node.has("items") && !node.get("items").isObject())) {
                    yield raw(node);
                }
                JsonArraySchema.Builder array = JsonArraySchema.builder().description(description(node));
                if (node.has("items")) {
                    array.items(element(node.get("items"), "the items of " + where));
                }
                yield array.build();
            }
            default -> throw new IllegalArgumentException("has " + where + " of the unknown type '" + type.asText() + "'");
        };
    }

    private static JsonObjectSchema object(JsonNode node, String where) {
        JsonObjectSchema.Builder object = JsonObjectSchema.builder().description(description(node));
        JsonNode properties = node.get("properties");
        Map<String, JsonSchemaElement> elements = new LinkedHashMap<>();
        if (properties != null) {
            if (!properties.isObject()) {
                throw new IllegalArgumentException("has properties in " + where + " that are not a JSON object");
            }
            properties.fields().forEachRemaining(p -> elements.put(p.getKey(), element(p.getValue(), "the property '" + p.getKey() + "'")));
        }
        object.addProperties(elements);
        JsonNode required = node.get("required");
        if (required != null) {
            if (!allText(required)) {
                throw new IllegalArgumentException("has a required list in " + where + " that is not a list of names");
            }
            object.required(texts(required));
        }
        if (node.has("additionalProperties")) {
            object.additionalProperties(node.get("additionalProperties").asBoolean());
        }
        JsonNode definitions = node.has("$defs") ? node.get("$defs") : node.get("definitions");
        if (definitions != null) {
            if (!definitions.isObject()) {
                throw new IllegalArgumentException("has $defs in " + where + " that are not a JSON object");
            }
            Map<String, JsonSchemaElement> defs = new LinkedHashMap<>();
            definitions.fields().forEachRemaining(d -> defs.put(d.getKey(), element(d.getValue(), "the definition '" + d.getKey() + "'")));
            object.definitions(defs);
        }
        return object.build();
    }

    /** The name a {@code $ref} points at in the top-level {@code $defs}, or null for any other reference. */
    private static String reference(String ref) {
        for (String prefix : List.of("#/$defs/", "#/definitions/")) {
            if (ref.startsWith(prefix) && ref.length() > prefix.length() && ref.indexOf('/', prefix.length()) < 0) {
                return ref.substring(prefix.length());
            }
        }
        return null;
    }

    private static JsonRawSchema raw(JsonNode node) {
        return JsonRawSchema.from(node.toString());
    }

    private static boolean only(JsonNode node, Set<String> keys) {
        for (String key : (Iterable<String>) node::fieldNames) {
            if (!keys.contains(key)) {
                return false;
            }
        }
        return true;
    }

    private static boolean additionalPropertiesIsBoolean(JsonNode node) {
        return !node.has("additionalProperties") || node.get("additionalProperties").isBoolean();
    }

    private static boolean allText(JsonNode array) {
        if (!array.isArray()) {
            return false;
        }
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static String description(JsonNode node) {
        JsonNode description = node.get("description");
        return description == null || description.isNull() ? null : description.asText();
    }
}
