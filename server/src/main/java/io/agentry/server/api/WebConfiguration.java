package io.agentry.server.api;

import io.agentry.server.agents.AgentCatalog;
import io.agentry.server.limits.RateLimits;
import io.agentry.server.tasks.TaskService;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamWriteFeature;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** API key check, caller injection and CORS for the HTTP API. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    /** Reachable without a key: the health probes, and the API docs (which expose no data). */
    static final List<String> PUBLIC_PATHS = List.of("/health", "/health/live", "/health/ready",
            "/docs", "/docs/**", "/openapi.json", "/openapi.json/**", "/swagger-ui/**", "/error");

    private final ApiKeys keys;
    private final CorsProperties cors;
    private final RateLimits rateLimits;
    private final AgentCatalog agents;
    /** Looked up at request time: this configuration also customizes the JSON mapper that the tasks' beans need. */
    private final ObjectProvider<TaskService> tasks;

    WebConfiguration(ApiKeys keys, CorsProperties cors, RateLimits rateLimits, AgentCatalog agents,
                     ObjectProvider<TaskService> tasks) {
        this.keys = keys;
        this.cors = cors;
        this.rateLimits = rateLimits;
        this.agents = agents;
        this.tasks = tasks;
    }

    /** The key check first, then rate limits on the paths that start runs (never health, metrics or docs). */
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ApiKeyInterceptor(keys)).addPathPatterns("/**").excludePathPatterns(PUBLIC_PATHS);
        registry.addInterceptor(new RateLimitInterceptor(rateLimits, agents, tasks)).addPathPatterns(RateLimitInterceptor.PATHS);
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
                    .allowedMethods("GET", "POST", "PUT", "DELETE")
                    .allowedHeaders("Content-Type", "X-Api-Key", "Idempotency-Key", "Last-Event-ID", "Accept")
                    .exposedHeaders("Location", "Retry-After", "RateLimit", "RateLimit-Policy")
                    .maxAge(3600);
        }
    }
}
