package io.agentry.server.web;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document at {@code /openapi.json} (UI at {@code /docs}): title, the API key scheme, and the rules
 * every operation follows ({@link OpenApiRules}). What each route answers is declared on its controller.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // the authenticated caller is injected by us, not sent by clients
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
        // Jackson 3's tree (memory values, a task's result): not the node class's getters (anyJsonValue)
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>());
        // an error documented with Spring's own class is documented with ours, and its members (OpenApiRules)
        SpringDocUtils.getConfig().replaceWithClass(ProblemDetail.class, Problem.class);
    }

    @Bean
    OpenAPI agentryOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Agentry API").version("v1")
                        .description("Run LLM agents: synchronous, streaming and background runs, with budgets and usage. "
                                + "Errors are application/problem+json (RFC 9457) with a `detail` meant for a person."))
                .components(new Components().addSecuritySchemes(OpenApiRules.SECURITY_SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(ApiKeyAuthenticationFilter.HEADER)
                        .description("An API key from agentry.security.keys (the development key agentry-dev-key when none "
                                + "is configured: an admin key). A key bound to a user acts for that user only; a service "
                                + "key names the user in user_id; an admin key also sees every user's data.")))
                .addSecurityItem(new SecurityRequirement().addList(OpenApiRules.SECURITY_SCHEME));
    }

    /** A {@link JsonNode} property is any JSON value: a schema without a type (not "object", which a string is not). */
    @Bean
    PropertyCustomizer anyJsonValue() {
        return (schema, type) -> {
            if (JsonNode.class.isAssignableFrom(Json.mapper().constructType(type.getType()).getRawClass())) {
                schema.setType(null);
                schema.setTypes(null);
            }
            return schema;
        };
    }

    @Bean
    OpenApiRules openApiRules(BeanFactory beans) {
        return new OpenApiRules(AutoConfigurationPackages.get(beans).getFirst());
    }
}
