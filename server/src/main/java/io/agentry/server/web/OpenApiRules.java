package io.agentry.server.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AssignableTypeFilter;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.util.ClassUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * The rules every operation of {@code /openapi.json} follows, applied here so that they hold for every route,
 * including routes added later without a thought for the document:
 *
 * <ul>
 *   <li>a public route ({@link ApiSecurityConfiguration#PUBLIC_PATHS}) needs no key ({@code security: []});
 *       every other one needs the API key and answers 401 and 500;</li>
 *   <li>a route with a body answers 400 (not JSON), 413 (too large), 415 (not sent as JSON) and 422 (invalid);
 *       with a path variable, 404; with a query or header parameter, 422; one that names a {@code user_id}
 *       (parameter or body field), 403 and 422 ({@link Caller#actingUser});</li>
 *   <li>what else a route answers it declares with {@link ProblemResponses};</li>
 *   <li>every error answer is {@code application/problem+json} with the one {@code Problem} schema, whose
 *       members are RFC 9457's plus those of every {@link ApiException.Members} record on the class path.</li>
 * </ul>
 *
 * Error answers are shared components ({@code #/components/responses/NotFound}, ...), so each is described once.
 */
final class OpenApiRules implements OperationCustomizer, OpenApiCustomizer {

    static final String SECURITY_SCHEME = "apiKey";
    static final String PROBLEM_SCHEMA = "Problem";
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    private static final String RESPONSES_REF = "#/components/responses/";
    private static final String RETRY_AFTER = "Retry-After";
    /**
     * {@link ProblemResponses#except()} of an operation, kept in the document (a vendor extension generators ignore)
     * so that readers and tests see that the route's shape implies those statuses but the route never answers them.
     */
    static final String EXCEPT = "x-agentry-not-answered";

    /** When each documented error status is answered; a status missing here cannot be documented. */
    private static final Map<HttpStatus, String> WHEN = new EnumMap<>(HttpStatus.class);

    static {
        WHEN.put(HttpStatus.BAD_REQUEST, "The request is malformed (type malformed-request): its body is not JSON, not a "
                + "JSON object or not UTF-8, or its path or a header is refused");
        WHEN.put(HttpStatus.UNAUTHORIZED, "No API key, or one that is not valid (type unauthorized): send a valid key in "
                + "the " + ApiKeyAuthenticationFilter.HEADER + " header");
        WHEN.put(HttpStatus.FORBIDDEN, "The API key may not do this (type forbidden): a key bound to one user named "
                + "another user_id, or the session belongs to another user; or a spend budget applies to a model with "
                + "no known price (type budget-unenforceable)");
        WHEN.put(HttpStatus.NOT_FOUND, "Nothing has this id, or it belongs to another user (type not-found)");
        WHEN.put(HttpStatus.CONFLICT, "What the request names is in a state that does not allow it now; the detail says "
                + "what to wait for before retrying");
        WHEN.put(HttpStatus.CONTENT_TOO_LARGE, "The body is larger than the server accepts (type payload-too-large; "
                + "agentry.http.max-body-size, 1 MB by default)");
        WHEN.put(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body was not sent as Content-Type: application/json (type http-415)");
        WHEN.put(HttpStatus.UNPROCESSABLE_CONTENT, "A field, query parameter or header is missing, invalid or of the wrong "
                + "type (type validation: errors names each one); or, when budget.refuse_over_estimate asks for the "
                + "check, the run's estimated cost exceeds its USD cap (type estimate-over-budget)");
        WHEN.put(HttpStatus.TOO_MANY_REQUESTS, "Refused by a rate limit (type rate-limited) or a spend budget (type "
                + "spend-budget-exceeded): retry after Retry-After seconds");
        WHEN.put(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected failure (type internal); its details are in the server's "
                + "log only");
        WHEN.put(HttpStatus.SERVICE_UNAVAILABLE, "The server cannot serve this now (type not-ready): it is starting or "
                + "stopping, or the event log is unreachable; retry after Retry-After seconds");
    }

    private final String basePackage;
    private final AntPathMatcher paths = new AntPathMatcher();

    /** @param basePackage where {@link ApiException.Members} records are looked for */
    OpenApiRules(String basePackage) {
        this.basePackage = basePackage;
    }

    /** The statuses a route declares with {@link ProblemResponses}. */
    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ProblemResponses declared = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ProblemResponses.class);
        if (declared != null) {
            for (HttpStatus status : declared.value()) {
                add(operation, status);
            }
            if (declared.except().length > 0) {
                operation.addExtension(EXCEPT, java.util.Arrays.stream(declared.except())
                        .map(status -> Integer.toString(status.value())).toList());
            }
        }
        return operation;
    }

    /** The statuses every route of its shape answers, the security of each route, and the shared components. */
    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components);
        components.addSchemas(PROBLEM_SCHEMA, problemSchema(openApi.getSpecVersion() == SpecVersion.V31, components));
        WHEN.keySet().forEach(status -> components.addResponses(componentName(status), problemResponse(status)));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation ->
                apply(path, operation, components)));
    }

    private void apply(String path, Operation operation, Components components) {
        if (ApiSecurityConfiguration.PUBLIC_PATHS.stream().anyMatch(pattern -> paths.match(pattern, path))) {
            operation.setSecurity(List.of());
        } else {
            add(operation, HttpStatus.UNAUTHORIZED);
            add(operation, HttpStatus.INTERNAL_SERVER_ERROR);
        }
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        if (parameters.stream().anyMatch(p -> "path".equals(p.getIn()))) {
            add(operation, HttpStatus.NOT_FOUND);
        }
        if (parameters.stream().anyMatch(p -> "query".equals(p.getIn()) || "header".equals(p.getIn()))) {
            add(operation, HttpStatus.UNPROCESSABLE_CONTENT);
        }
        if (operation.getRequestBody() != null) {
            add(operation, HttpStatus.BAD_REQUEST);
            add(operation, HttpStatus.CONTENT_TOO_LARGE);
            add(operation, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            add(operation, HttpStatus.UNPROCESSABLE_CONTENT);
        }
        if (parameters.stream().anyMatch(p -> "user_id".equals(p.getName())) || bodyHas(operation, "user_id", components)) {
            add(operation, HttpStatus.FORBIDDEN);
            add(operation, HttpStatus.UNPROCESSABLE_CONTENT);
        }
        if (operation.getExtensions() != null && operation.getExtensions().get(EXCEPT) instanceof List<?> except) {
            except.forEach(code -> operation.getResponses().remove(code));
        }
        sortResponses(operation);
    }

    private static void add(Operation operation, HttpStatus status) {
        if (!WHEN.containsKey(status)) {
            throw new IllegalArgumentException("No description of problem status " + status.value() + " in OpenApiRules");
        }
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        operation.getResponses().putIfAbsent(Integer.toString(status.value()),
                new ApiResponse().$ref(RESPONSES_REF + componentName(status)));
    }

    /** Success first, then errors by status, as a reader looks for them. */
    private static void sortResponses(Operation operation) {
        ApiResponses sorted = new ApiResponses();
        new TreeSet<>(operation.getResponses().keySet())
                .forEach(code -> sorted.addApiResponse(code, operation.getResponses().get(code)));
        sorted.setExtensions(operation.getResponses().getExtensions());
        operation.setResponses(sorted);
    }

    private static boolean bodyHas(Operation operation, String property, Components components) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return false;
        }
        for (MediaType media : operation.getRequestBody().getContent().values()) {
            Schema<?> schema = media.getSchema();
            if (schema != null && schema.get$ref() != null && components.getSchemas() != null) {
                schema = components.getSchemas().get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
            }
            if (schema != null && schema.getProperties() != null && schema.getProperties().containsKey(property)) {
                return true;
            }
        }
        return false;
    }

    /** {@code NotFound} for 404: the reason phrase in one word. */
    static String componentName(HttpStatus status) {
        return status.getReasonPhrase().replaceAll("[^A-Za-z]", "");
    }

    private static ApiResponse problemResponse(HttpStatus status) {
        MediaType media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))
                .example(ProblemExamples.of(status));
        ApiResponse response = new ApiResponse().description(WHEN.get(status))
                .content(new Content().addMediaType(PROBLEM_JSON, media));
        if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.addHeaderObject(RETRY_AFTER, new Header().description("Seconds to wait before retrying")
                    .schema(new IntegerSchema().example(5)));
        }
        if (status == HttpStatus.TOO_MANY_REQUESTS) {
            response.addHeaderObject("RateLimit-Policy", new Header()
                    .description("The quotas that apply (IETF RateLimit header fields draft), e.g. \"user\";q=10;w=60")
                    .schema(new StringSchema().example("\"user\";q=10;w=60")));
            response.addHeaderObject("RateLimit", new Header()
                    .description("What is left of each quota and when it resets, e.g. \"user\";r=0;t=42")
                    .schema(new StringSchema().example("\"user\";r=0;t=42")));
        }
        return response;
    }

    /** {@link Problem}, with the members of every {@link ApiException.Members} record merged in. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private Schema<?> problemSchema(boolean openApi31, Components components) {
        ModelConverters converters = ModelConverters.getInstance(openApi31);
        Map<String, Schema> read = converters.readAll(Problem.class);
        read.forEach((name, schema) -> {
            if (!PROBLEM_SCHEMA.equals(name)) {
                components.addSchemas(name, schema); // FieldError
            }
        });
        Schema problem = read.get(PROBLEM_SCHEMA);
        Set<String> rfc = Set.copyOf(problem.getProperties().keySet());
        Map<String, Schema> properties = new LinkedHashMap<>(problem.getProperties());
        for (Class<?> members : membersRecords()) {
            Schema own = converters.readAllAsResolvedSchema(members).schema;
            ((Map<String, Schema>) own.getProperties()).forEach((name, schema) -> {
                if (rfc.contains(name)) {
                    throw new IllegalStateException(members.getName() + " redefines the problem member " + name);
                }
                Schema earlier = properties.putIfAbsent(name, schema);
                if (earlier != null) { // two kinds of problem share a member name: one description serves both
                    earlier.description(earlier.getDescription() + "; " + schema.getDescription());
                }
            });
        }
        problem.setProperties(properties);
        return problem;
    }

    /** Every concrete {@link ApiException.Members} under the base package, in name order (a stable document). */
    private List<Class<?>> membersRecords() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(ApiException.Members.class));
        Set<String> names = new TreeSet<>();
        scanner.findCandidateComponents(basePackage).forEach(bean -> names.add(bean.getBeanClassName()));
        return names.stream().<Class<?>>map(name -> ClassUtils.resolveClassName(name, getClass().getClassLoader())).toList();
    }
}
