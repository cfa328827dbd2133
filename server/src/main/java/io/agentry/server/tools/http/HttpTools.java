package io.agentry.server.tools.http;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentry.server.config.InvalidConfigurationException;
import io.agentry.server.config.ToolContributor;
import io.agentry.server.egress.UrlPolicy;
import io.agentry.server.tools.ToolNames;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The HTTP tools of {@code agentry.tools.http}, checked at start: a definition that does not hold together stops the
 * start naming the property ({@link InvalidConfigurationException}); so does a URL the address policy refuses,
 * unless its host merely does not resolve yet (a warning then: every call checks again). One HTTP client serves
 * them all, on virtual threads, never following redirects (a redirect could lead past the address policy).
 */
@Component
class HttpTools implements ToolContributor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpTools.class);
    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{([^}:]+)[^}]*}");

    private final HttpClient http;
    private final List<SourcedTool> tools = new ArrayList<>();

    HttpTools(HttpToolsProperties properties, Clock clock) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        properties.http().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                tools.add(new SourcedTool(build(entry.getKey(), entry.getValue(), clock),
                        "the HTTP tool agentry.tools.http." + entry.getKey())));
    }

    private HttpTool build(String name, HttpToolProperties tool, Clock clock) {
        String prefix = "agentry.tools.http." + name + ".";
        if (!ToolNames.isValid(name)) {
            throw invalid("HTTP tool '" + name + "' has a name models do not accept.",
                    "Name it with " + ToolNames.RULE + ".");
        }
        checkResolved(prefix + "url", tool.url());
        checkResolved(prefix + "signing-secret", tool.signingSecret());
        tool.headers().forEach((header, value) -> checkResolved(prefix + "headers." + header, value));
        if (tool.description() == null || tool.description().isBlank()) {
            throw invalid(prefix + "description is not set; the model needs it to know when to call the tool.",
                    "Set " + prefix + "description.");
        }
        if (tool.url() == null || tool.url().isBlank()) {
            throw invalid(prefix + "url is not set.", "Set " + prefix + "url.");
        }
        if (tool.signingSecret() == null || tool.signingSecret().isBlank()) {
            throw invalid(prefix + "signing-secret is not set: every request of an HTTP tool is signed, so that its "
                    + "endpoint can tell it comes from this server.", "Set " + prefix + "signing-secret, for example to "
                    + "${ORDERS_TOOL_SECRET} with that environment variable holding a long random value.");
        }
        if (tool.timeout().isNegative() || tool.timeout().isZero() || tool.maxResponseSize().toBytes() < 1) {
            throw invalid(prefix + "timeout and " + prefix + "max-response-size must be positive.",
                    "Set them to positive values (or leave them out: 30s and 64KB).");
        }
        JsonSchemaParameters.Parameters parameters;
        try {
            parameters = JsonSchemaParameters.parse(tool.parameters());
        } catch (IllegalArgumentException e) {
            throw invalid(prefix + "parameters " + e.getMessage() + ".", "Write " + prefix + "parameters as a JSON "
                    + "Schema of an object, such as {\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"string\"}}}.");
        }
        UrlTemplate url;
        try {
            url = UrlTemplate.parse(tool.url());
        } catch (IllegalArgumentException e) {
            throw invalid(prefix + "url " + e.getMessage() + ".", "Correct " + prefix + "url.");
        }
        for (String variable : url.variables()) {
            if (!parameters.properties().contains(variable)) {
                throw invalid(prefix + "url has the placeholder {" + variable + "}, which is not a property of its "
                        + "parameters.", "Add '" + variable + "' to the properties of " + prefix + "parameters, or "
                        + "correct the placeholder.");
            }
        }
        checkHeaders(prefix, tool.headers());
        checkAddress(prefix, name, url, tool.allowPrivate());
        ToolSpecification specification = ToolSpecification.builder().name(name).description(tool.description())
                .parameters(parameters.schema()).build();
        return new HttpTool(specification, tool, url, parameters.required(), http, clock);
    }

    /**
     * Spring Boot leaves a placeholder it cannot resolve as written, so an unset variable would be sent as the text
     * {@code ${ORDERS_TOKEN}}, or sign with it: refused, naming the variable (never a value).
     */
    private static void checkResolved(String property, String value) {
        Matcher placeholder = value == null ? null : UNRESOLVED.matcher(value);
        if (placeholder != null && placeholder.find()) {
            throw invalid(property + " refers to ${" + placeholder.group(1) + "}, which is not set.",
                    "Set the environment variable " + placeholder.group(1) + " (or a property of that name) for the server.");
        }
    }

    private static void checkHeaders(String prefix, Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-agentry-") || lower.equals("content-type")) {
                throw invalid(prefix + "headers sets " + header.getKey() + ", which the server sets itself.",
                        "Remove that header.");
            }
            try {
                HttpRequest.newBuilder(URI.create("http://example.com/")).header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // the JDK's message may quote the value, which may be a secret: not passed on
                throw invalid(prefix + "headers." + header.getKey() + " cannot be sent: either its name is not a "
                        + "header name a client may set, or its value holds characters a header cannot hold.",
                        "Correct that header (its value is not shown here, since header values may be secrets).");
            }
        }
    }

    private static void checkAddress(String prefix, String name, UrlTemplate url, boolean allowPrivate) {
        try {
            new UrlPolicy(allowPrivate).check(url.sample());
        } catch (UrlPolicy.RefusedUrlException e) {
            if (e.hostUnresolved()) {
                log.warn("The host of HTTP tool {} does not resolve now; each call checks again", name);
                return;
            }
            throw invalid(prefix + "url " + e.getMessage() + ", which the address policy refuses (against "
                    + "server-side request forgery).", "Point it at a public address, or set " + prefix
                    + "allow-private=true if the tool is meant to reach an internal service.");
        }
    }

    private static InvalidConfigurationException invalid(String description, String action) {
        return new InvalidConfigurationException(description, action);
    }

    @Override
    public List<SourcedTool> tools() {
        return List.copyOf(tools);
    }

    @Override
    public void close() {
        http.close();
    }
}
