package io.agentry.server.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSchemaParametersTest {

    @Test
    void aJsonSchemaBecomesLangChain4jsSchemaTypes() {
        JsonSchemaParameters.Parameters parameters = JsonSchemaParameters.parse("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "lookup", "type": "object",
                 "description": "what to look up",
                 "properties": {
                   "order_id": {"type": "string", "description": "the order"},
                   "status": {"type": "string", "enum": ["open", "shipped"]},
                   "limit": {"type": "integer"},
                   "lines": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}}}},
                   "address": {"$ref": "#/$defs/address"}
                 },
                 "required": ["order_id"], "additionalProperties": false,
                 "$defs": {"address": {"type": "object", "properties": {"city": {"type": "string"}}}}}
                """);
        JsonObjectSchema schema = parameters.schema();
        assertThat(schema.description()).isEqualTo("what to look up");
        assertThat(schema.properties().get("order_id")).isEqualTo(JsonStringSchema.builder().description("the order").build());
        assertThat(((JsonEnumSchema) schema.properties().get("status")).enumValues()).containsExactly("open", "shipped");
        assertThat(schema.properties().get("limit")).isInstanceOf(JsonIntegerSchema.class);
        JsonArraySchema lines = (JsonArraySchema) schema.properties().get("lines");
        assertThat(((JsonObjectSchema) lines.items()).properties()).containsKey("sku");
        assertThat(((JsonReferenceSchema) schema.properties().get("address")).reference()).isEqualTo("address");
        assertThat(schema.definitions()).containsKey("address");
        assertThat(schema.required()).containsExactly("order_id");
        assertThat(schema.additionalProperties()).isFalse();
        assertThat(parameters.required()).containsExactly("order_id");
        assertThat(parameters.properties()).containsExactlyInAnyOrder("order_id", "status", "limit", "lines", "address");
    }

    @Test
    void aPropertyWithConstraintsLangChain4jHasNoTypeForIsPassedOnAsWritten() {
        JsonObjectSchema schema = JsonSchemaParameters.parse("""
                {"type": "object", "properties": {
                  "email": {"type": "string", "format": "email"},
                  "count": {"type": "integer", "minimum": 1, "maximum": 10},
                  "maybe": {"type": ["string", "null"]}}}
                """).schema();
        assertThat(((JsonRawSchema) schema.properties().get("email")).schema()).isEqualTo("{\"type\":\"string\",\"format\":\"email\"}");
        assertThat(((JsonRawSchema) schema.properties().get("count")).schema()).contains("\"minimum\":1").contains("\"maximum\":10");
        assertThat(schema.properties().get("maybe")).isInstanceOf(JsonRawSchema.class);
    }

    @Test
    void noParametersIsAnEmptyObject() {
        assertThat(JsonSchemaParameters.parse(JsonSchemaParameters.NONE).schema().properties()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{not json | is not valid JSON",
            "[1, 2] | must be a JSON Schema object",
            "{\"type\": \"string\"} | must have \"type\": \"object\"",
            "{\"type\": \"object\", \"oneOf\": []} | has the top-level keyword 'oneOf'",
            "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"string\"}} | top-level additionalProperties",
            "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"text\"}}} | has the property 'a' of the unknown type 'text'",
            "{\"type\": \"object\", \"properties\": {\"a\": 1}} | has the property 'a' that is not a JSON object",
            "{\"type\": \"object\", \"properties\": {}, \"required\": [\"b\"]} | requires 'b', which is not one of its properties"})
    void schemasThatCannotBeToolParametersAreRefusedWithTheReason(String text, String reason) {
        assertThatThrownBy(() -> JsonSchemaParameters.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
