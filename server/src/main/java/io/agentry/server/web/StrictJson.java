package io.agentry.server.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jackson.JsonNodeDeserializer;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How request bodies are read: strictly, so that what a client sent is what runs. Only the HTTP layer's
 * converter reads this way; the application's own mapper (stored JSON, events) is left as it is.
 *
 * <ul>
 *   <li>No coercion: a number, boolean or float where text is meant, text or a float where an integer is
 *       meant ({@code 1.5} is not {@code 1}), a number where a boolean is meant: 422 "has the wrong type".</li>
 *   <li>A key given twice in one object: 422 (which one would win is not the client's intent).</li>
 *   <li>Text anywhere (fields, list items, map keys, free-form JSON values): no NUL and no unpaired
 *       surrogate ({@link StrictText}), 422 naming the field.</li>
 *   <li>Numbers: finite ({@code 1e400} is not Infinity).</li>
 * </ul>
 * Invalid UTF-8 (such as overlong forms) never gets here: {@link RequestSizeLimitFilter} refuses it.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson implements WebMvcConfigurer {

    private final JsonMapper json;

    StrictJson(JsonMapper json) {
        this.json = json;
    }

    /** Replaces the JSON converter in its place (not ahead of the others: byte[] and String stay as they are). */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.withJsonConverter(new JacksonJsonHttpMessageConverter(strict(json)));
    }

    /**
     * A value a client sent that is of the right JSON type but not allowed; its message is the 422's, for the
     * field at Jackson's path followed by {@link #innerPath()} (a place inside free-form JSON, or empty).
     */
    static final class RefusedValueException extends MismatchedInputException {
        private final String innerPath;

        RefusedValueException(JsonParser parser, String message) {
            this(parser, message, "");
        }

        RefusedValueException(JsonParser parser, String message, String innerPath) {
            super(parser, message);
            this.innerPath = innerPath;
        }

        String innerPath() {
            return innerPath;
        }
    }

    /** Where in a free-form value the refused text is, and why. */
    private record TreeProblem(String at, String message) {
    }

    static JsonMapper strict(JsonMapper json) {
        SimpleModule module = new SimpleModule("agentry-strict-requests")
                .addDeserializer(String.class, new CheckedString())
                .addKeyDeserializer(String.class, new CheckedKey())
                .addDeserializer(JsonNode.class, new CheckedTree<>(JsonNode.class, tree -> tree))
                .addDeserializer(Object.class, new CheckedTree<>(Object.class, StrictJson::plain))
                .addDeserializer(BigDecimal.class, new FiniteDecimal());
        return json.rebuild()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(LogicalType.Textual, text -> text
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(module)
                .build();
    }

    private static final class CheckedString extends ValueDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = value == null ? null : StrictText.problem(value);
            if (problem != null) {
                throw new RefusedValueException(p, problem);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    private static final class CheckedKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) {
            String problem = StrictText.problem(key);
            if (problem != null) {
                throw new RefusedValueException(ctxt.getParser(), "keys " + problem);
            }
            return key;
        }
    }

    /** Free-form JSON (a {@link JsonNode}, or an {@code Object} such as metadata): read as a tree, checked whole. */
    private static final class CheckedTree<T> extends ValueDeserializer<T> {
        private final Class<T> type;
        private final java.util.function.Function<JsonNode, T> convert;

        CheckedTree(Class<T> type, java.util.function.Function<JsonNode, T> convert) {
            this.type = type;
            this.convert = convert;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonNode tree = JsonNodeDeserializer.getDeserializer(JsonNode.class).deserialize(p, ctxt);
            TreeProblem problem = problemIn(tree, "");
            if (problem != null) {
                throw new RefusedValueException(p, problem.message(), problem.at());
            }
            return convert.apply(tree);
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) {
            return type == JsonNode.class ? type.cast(tools.jackson.databind.node.NullNode.getInstance()) : null;
        }
    }

    private static TreeProblem problemIn(JsonNode node, String at) {
        if (node.isString()) {
            String problem = StrictText.problem(node.asString());
            return problem == null ? null : new TreeProblem(at, problem);
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return new TreeProblem(at, "must be a finite number");
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                TreeProblem problem = problemIn(node.get(i), at + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String keyProblem = StrictText.problem(property.getKey());
                if (keyProblem != null) {
                    return new TreeProblem(at, "keys " + keyProblem);
                }
                TreeProblem problem = problemIn(property.getValue(), at + "." + property.getKey());
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** A checked tree as plain Java values, as an untyped {@code Object} field would have been read. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(p -> map.put(p.getKey(), plain(p.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return null;
    }

    private static final class FiniteDecimal extends ValueDeserializer<BigDecimal> {
        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) {
            BigDecimal value = NumberDeserializers.BigDecimalDeserializer.instance.deserialize(p, ctxt);
            if (value != null && !Double.isFinite(value.doubleValue())) {
                throw new RefusedValueException(p, "must be a finite number");
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Float;
        }
    }
}
