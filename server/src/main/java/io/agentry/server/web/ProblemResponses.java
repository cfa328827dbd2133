package io.agentry.server.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.HttpStatus;

/**
 * The problem+json answers a route gives besides those every route of its shape gives (which
 * {@link OpenApiRules} documents by itself: 401 for a route that needs a key, 404 for one with a path
 * variable, 400/413/415/422 for one with a body, ...): for example 429 and 503 on the routes that start runs.
 * Each status is documented with the shared {@code Problem} schema; a status {@link OpenApiRules} has no
 * description for stops the document from being built.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ProblemResponses {

    /** Answered besides what the route's shape implies. */
    HttpStatus[] value() default {};

    /** Implied by the route's shape but never answered by it (a path variable that names no stored thing: no 404). */
    HttpStatus[] except() default {};
}
