package io.agentry.server.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /openapi.json} (UI at {@code /docs}): title, and the API key scheme. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // the authenticated caller is injected by us, not sent by clients
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI agentryOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Agentry API").version("v1")
                        .description("Run LLM agents: synchronous, streaming and background runs, with budgets and usage."))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(ApiKeyAuthenticationFilter.HEADER)))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
