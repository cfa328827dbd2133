package io.agentry.server.web;

import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamWriteFeature;

/** Caller injection, CORS and JSON settings of the HTTP API (who may call what: {@link ApiSecurityConfiguration}). */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    private final CorsProperties cors;

    WebConfiguration(CorsProperties cors) {
        this.cors = cors;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new StrictParametersInterceptor());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    /** Money is written as plain decimals (0.0000001), never in exponent notation. */
    @Bean
    JsonMapperBuilderCustomizer plainBigDecimals() {
        return builder -> builder.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (!cors.allowedOrigins().isEmpty()) {
            registry.addMapping("/**")
                    .allowedOrigins(cors.allowedOrigins().toArray(String[]::new))
                    .allowedMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                    // X-Agentry-User-Id: the LangGraph API's acting user for service keys
                    .allowedHeaders("Content-Type", "X-Api-Key", "Idempotency-Key", "Last-Event-ID", "Accept",
                            "X-Agentry-User-Id")
                    .exposedHeaders("Location", "Retry-After", "RateLimit", "RateLimit-Policy", "Content-Location",
                            "X-Pagination-Next", "X-Pagination-Total")
                    .maxAge(3600);
        }
    }
}
