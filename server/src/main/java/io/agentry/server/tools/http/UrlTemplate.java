package io.agentry.server.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentry.tool.ToolException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An HTTP tool's URL, whose {@code {name}} placeholders the call's arguments fill: anywhere in the path, and in
 * the values of the query ({@code https://api.example.com/orders/{order_id}?expand={expand}}). The scheme, host
 * and port are the configuration's alone (a placeholder there is refused at start), so a model can never choose
 * where a request goes.
 *
 * <p>Every value is percent-encoded (all but RFC 3986's unreserved characters, as UTF-8), so an argument fills
 * exactly one path segment or one query value: {@code a/b} stays one segment, {@code x&admin=1} one value, and
 * a value of {@code .} or {@code ..} is encoded too, so that no server reads it as a dot segment. A path
 * placeholder needs its argument (a string, number or boolean); a query parameter whose argument is absent or
 * null is left out, and one whose argument is a list is repeated once per element. Literal text is sent as
 * written.
 */
final class UrlTemplate {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /** Literal text, or the placeholder of an argument (then {@code literal} is null). */
    private record Piece(String literal, String variable) {
    }

    private record QueryParameter(String name, List<Piece> value) {
    }

    private final String origin;
    private final List<Piece> path;
    private final List<QueryParameter> query;
    private final Set<String> variables;

    private UrlTemplate(String origin, List<Piece> path, List<QueryParameter> query) {
        this.origin = origin;
        this.path = List.copyOf(path);
        this.query = List.copyOf(query);
        Set<String> names = new LinkedHashSet<>();
        path.stream().filter(p -> p.variable() != null).forEach(p -> names.add(p.variable()));
        query.stream().filter(q -> q.value() != null)
                .forEach(q -> q.value().stream().filter(p -> p.variable() != null).forEach(p -> names.add(p.variable())));
        this.variables = Set.copyOf(names);
    }

    /** The template {@code url}; the exception's message says what is wrong with it. */
    static UrlTemplate parse(String url) {
        int scheme = url.indexOf("://");
        if (scheme <= 0) {
            throw new IllegalArgumentException("must be an absolute http or https URL");
        }
        int authorityEnd = url.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int at = url.indexOf(c, scheme + 3);
            if (at >= 0 && at < authorityEnd) {
                authorityEnd = at;
            }
        }
        String origin = url.substring(0, authorityEnd);
        if (origin.contains("{") || origin.contains("}")) {
            throw new IllegalArgumentException("may not have placeholders in its scheme, host or port: arguments fill only "
                    + "the path and the query");
        }
        if (url.indexOf('#') >= 0) {
            throw new IllegalArgumentException("must not have a fragment (#...)");
        }
        String rest = url.substring(authorityEnd);
        int question = rest.indexOf('?');
        List<Piece> path = pieces(question < 0 ? rest : rest.substring(0, question));
        List<QueryParameter> query = new ArrayList<>();
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                if (name.contains("{") || name.contains("}")) {
                    throw new IllegalArgumentException("may not have placeholders in the names of query parameters");
                }
                query.add(new QueryParameter(name, equals < 0 ? null : pieces(pair.substring(equals + 1))));
            }
        }
        UrlTemplate template = new UrlTemplate(origin, path, query);
        try {
            URI sample = new URI(template.sample());
            if (sample.getHost() == null) {
                throw new IllegalArgumentException("must name a host");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
        }
        return template;
    }

    private static List<Piece> pieces(String text) {
        List<Piece> pieces = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int close = text.indexOf('}', i);
            if (open < 0) {
                if (close >= 0) {
                    throw new IllegalArgumentException("has a '}' without its '{'");
                }
                pieces.add(new Piece(text.substring(i), null));
                break;
            }
            if (close >= 0 && close < open) {
                throw new IllegalArgumentException("has a '}' without its '{'");
            }
            if (open > i) {
                pieces.add(new Piece(text.substring(i, open), null));
            }
            if (close < 0) {
                throw new IllegalArgumentException("has a '{' without its '}'");
            }
            String name = text.substring(open + 1, close);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("has the placeholder '{" + name + "}': a placeholder is the name of a "
                        + "parameter (letters, digits, '_' and '-')");
            }
            pieces.add(new Piece(null, name));
            i = close + 1;
        }
        return pieces;
    }

    /** The names of the placeholders. */
    Set<String> variables() {
        return variables;
    }

    /** The URL with every placeholder filled with {@code x}: what the address policy is asked about at start. */
    String sample() {
        StringBuilder url = new StringBuilder(origin);
        path.forEach(p -> url.append(p.variable() == null ? p.literal() : "x"));
        String separator = "?";
        for (QueryParameter parameter : query) {
            url.append(separator).append(parameter.name());
            separator = "&";
            if (parameter.value() != null) {
                url.append('=');
                parameter.value().forEach(p -> url.append(p.variable() == null ? p.literal() : "x"));
            }
        }
        return url.toString();
    }

    /**
     * The URL for {@code arguments}; with {@code restInQuery}, the arguments the template does not name are added to
     * the query (scalars once, lists once per element), as a request without a body carries them.
     */
    String expand(ObjectNode arguments, boolean restInQuery) throws ToolException {
        StringBuilder url = new StringBuilder(origin);
        for (Piece piece : path) {
            if (piece.variable() == null) {
                url.append(piece.literal());
                continue;
            }
            JsonNode value = arguments.get(piece.variable());
            if (value == null || value.isNull()) {
                throw new ToolException("missing required argument '" + piece.variable() + "'");
            }
            url.append(encode(scalar(piece.variable(), value)));
        }
        List<String> pairs = new ArrayList<>();
        for (QueryParameter parameter : query) {
            addParameter(pairs, parameter, arguments);
        }
        if (restInQuery) {
            for (Map.Entry<String, JsonNode> argument : (Iterable<Map.Entry<String, JsonNode>>) arguments::fields) {
                if (variables.contains(argument.getKey()) || argument.getValue().isNull()) {
                    continue;
                }
                for (String value : values(argument.getKey(), argument.getValue())) {
                    pairs.add(encode(argument.getKey()) + "=" + encode(value));
                }
            }
        }
        if (!pairs.isEmpty()) {
            url.append('?').append(String.join("&", pairs));
        }
        return url.toString();
    }

    private static void addParameter(List<String> pairs, QueryParameter parameter, ObjectNode arguments) throws ToolException {
        if (parameter.value() == null) {
            pairs.add(parameter.name());
            return;
        }
        for (Piece piece : parameter.value()) {
            if (piece.variable() != null) {
                JsonNode value = arguments.get(piece.variable());
                if (value == null || value.isNull()) {
                    return; // left out, as an optional parameter
                }
            }
        }
        if (parameter.value().size() == 1 && parameter.value().getFirst().variable() != null) {
            String variable = parameter.value().getFirst().variable();
            for (String value : values(variable, arguments.get(variable))) {
                pairs.add(parameter.name() + "=" + encode(value));
            }
            return;
        }
        StringBuilder value = new StringBuilder();
        for (Piece piece : parameter.value()) {
            if (piece.variable() == null) {
                value.append(piece.literal());
            } else {
                value.append(encode(scalar(piece.variable(), arguments.get(piece.variable()))));
            }
        }
        pairs.add(parameter.name() + "=" + value);
    }

    private static List<String> values(String name, JsonNode value) throws ToolException {
        if (!value.isArray()) {
            return List.of(scalar(name, value));
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isNull()) {
                values.add(scalar(name, element));
            }
        }
        return values;
    }

    private static String scalar(String name, JsonNode value) throws ToolException {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw new ToolException("argument '" + name + "' must be a string, number or boolean: it goes in the URL");
    }

    /** Percent-encodes all but RFC 3986's unreserved characters, and the dot segments {@code .} and {@code ..}. */
    static String encode(String value) {
        if (value.equals(".") || value.equals("..")) {
            return value.replace(".", "%2E");
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
