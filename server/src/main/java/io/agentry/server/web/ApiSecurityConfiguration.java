package io.agentry.server.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Who may call what, through Spring Security, which sees the request as the dispatcher routes it.
 *
 * <ul>
 *   <li>The firewall ({@link StrictHttpFirewall}, its defaults) refuses ambiguous requests before any
 *       route or rule sees them: {@code ;} path parameters, encoded {@code /}, {@code \}, {@code .} and
 *       {@code %}, {@code %00} and other control characters, {@code ..} and {@code //} segments, and HTTP
 *       methods other than the ones the API uses. Refused requests get 400 (405 for the method), problem+json.</li>
 *   <li>Rules match the decoded, normalised path, the one the dispatcher routes: {@code /a%63tuator} is
 *       {@code /actuator}. The health probes, the API docs and the console's static files are public; {@code /actuator/**} needs an
 *       admin key; everything else needs a valid key.</li>
 *   <li>Keys are read by {@link ApiKeyAuthenticationFilter} and checked by {@link ApiKeyAuthenticationProvider};
 *       no session, no cookie, no CSRF token (nothing is authenticated by the browser on its own).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfiguration {

    /**
     * Reachable without a key: the health probes, the API docs and the console's files (which expose no data: the
     * console's pages call the API with the key the user signs in with).
     */
    static final List<String> PUBLIC_PATHS = List.of("/health", "/health/live", "/health/ready",
            "/docs", "/docs/**", "/openapi.json", "/openapi.json/**", "/swagger-ui/**", "/console", "/console/**", "/error");
    /** Spring Boot's management endpoints; some change the server (log levels). */
    static final List<String> ADMIN_PATHS = List.of("/actuator", "/actuator/**");
    /** The methods the firewall lets through (its default set); others are 405. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyAuthenticationProvider keys, ProblemWriter problems) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> problems.write(response,
                ApiException.unauthorized(presentedKey(request) ? "Invalid API key"
                        : "Missing API key: send it in the " + ApiKeyAuthenticationFilter.HEADER + " header"));
        AccessDeniedHandler forbidden = (request, response, e) -> problems.write(response,
                ApiException.forbidden("The management endpoints need an admin API key"));
        ProviderManager manager = new ProviderManager(keys);
        manager.setEraseCredentialsAfterAuthentication(true);
        return http
                .csrf(csrf -> csrf.disable())
                .cors(Customizer.withDefaults())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.cacheControl(Customizer.withDefaults()))
                .addFilterBefore(new ApiKeyAuthenticationFilter(manager, unauthorized), AnonymousAuthenticationFilter.class)
                .exceptionHandling(handling -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll() // CORS pre-flight: answered by the CORS filter
                        .requestMatchers(PUBLIC_PATHS.toArray(String[]::new)).permitAll()
                        .requestMatchers(ADMIN_PATHS.toArray(String[]::new)).hasAuthority(ApiKeyAuthentication.ADMIN)
                        .anyRequest().authenticated())
                .build();
    }

    /** A request the firewall refuses is answered here, as problem+json, before routing. */
    @Bean
    WebSecurityCustomizer firewallAnswers(ProblemWriter problems) {
        RequestRejectedHandler rejected = (request, response, e) -> problems.write(response, rejection(request));
        return web -> web.httpFirewall(new StrictHttpFirewall()).requestRejectedHandler(rejected);
    }

    private static ApiException rejection(HttpServletRequest request) {
        if (!METHODS.contains(request.getMethod())) {
            return new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "http-405", "Method Not Allowed",
                    "Method " + request.getMethod() + " is not supported", null, null)
                    .withHeader("Allow", String.join(", ", METHODS.stream().sorted().toList()));
        }
        return new ApiException(HttpStatus.BAD_REQUEST, "malformed-request", "Bad Request",
                "The request path or a header is not allowed: path parameters (;), encoded slashes, dots, "
                        + "backslashes or percent signs, control characters and '..' or '//' segments are refused", null, null);
    }

    private static boolean presentedKey(HttpServletRequest request) {
        String key = request.getHeader(ApiKeyAuthenticationFilter.HEADER);
        return key != null && !key.isBlank();
    }

    /** A bean, so that Spring Boot adds no generated user and password: API keys are the only way in. */
    @Bean
    ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(ApiKeys keys) {
        return new ApiKeyAuthenticationProvider(keys);
    }
}
