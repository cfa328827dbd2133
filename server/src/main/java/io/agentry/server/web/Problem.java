package io.agentry.server.web;

import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;

/**
 * The body of every error answer as the OpenAPI document describes it ({@code Problem}): RFC 9457's members,
 * as {@link ApiException#toProblem()} and Spring MVC write them, and {@code errors} of a validation problem.
 * The members of particular kinds of problems ({@link ApiException.Members}) are added to it by
 * {@link OpenApiRules}. Never instantiated: the answers are {@code ProblemDetail}s.
 */
@Schema(name = "Problem", description = "An error, as application/problem+json (RFC 9457). `type` tells a client what to "
        + "do: fix the request (4xx but 429), wait Retry-After seconds and retry (429, 503), or give up (500). Members "
        + "besides RFC 9457's are present only in the kinds of problem their description names.")
record Problem(
        @Schema(description = "What kind of problem this is: " + ApiException.TYPE_BASE + "<kind>, where kind is e.g. "
                + "validation, not-found, unauthorized, forbidden, rate-limited, spend-budget-exceeded, "
                + "estimate-over-budget, budget-unenforceable, malformed-request, payload-too-large, not-ready, internal, "
                + "or http-<status> for other HTTP errors", format = "uri",
                requiredMode = Schema.RequiredMode.REQUIRED, example = ApiException.TYPE_BASE + "not-found")
        URI type,
        @Schema(description = "A short summary of the kind of problem, the same for every problem of its type",
                requiredMode = Schema.RequiredMode.REQUIRED, example = "Not Found")
        String title,
        @Schema(description = "The HTTP status code of the answer", requiredMode = Schema.RequiredMode.REQUIRED,
                example = "404")
        int status,
        @Schema(description = "What went wrong in this request, in a sentence meant for a person; safe to show",
                requiredMode = Schema.RequiredMode.REQUIRED, example = "No task 01a2423b-4bba-79a8-a3c6-22048f182da3")
        String detail,
        @Schema(description = "The path of the request that failed (absent on answers given before a route is "
                + "reached: a missing or invalid key, a refused path)",
                format = "uri-reference", example = "/tasks/01a2423b-4bba-79a8-a3c6-22048f182da3")
        URI instance,
        @Schema(description = "validation: each invalid field, parameter or header")
        List<ApiException.FieldError> errors) {
}
