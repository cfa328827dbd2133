package io.agentry.server.console;

import io.agentry.server.config.ConditionalOnApiRole;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console at {@code /console}: static files from the jar ({@code classpath:/console/}, plain HTML, CSS and
 * JavaScript modules) and uPlot's files from its webjar at {@code /console/vendor/uplot/}. Nothing here reads data:
 * the pages call the documented API with the key the user signs in with, so the files are public (as the API docs
 * are, {@code web.ApiSecurityConfiguration}) and every data route keeps needing a key.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnApiRole
class ConsoleConfiguration implements WebMvcConfigurer {

    static final String PATH = "/console";
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        // relative asset paths in index.html need the trailing slash
        registry.addRedirectViewController(PATH, PATH + "/");
        registry.addViewController(PATH + "/").setViewName("forward:" + PATH + "/index.html");
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(PATH + "/vendor/uplot/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/");
        registry.addResourceHandler(PATH + "/**").addResourceLocations("classpath:/console/");
    }

    @Bean
    FilterRegistrationBean<ConsoleHeaders> consoleHeaders() {
        FilterRegistrationBean<ConsoleHeaders> registration = new FilterRegistrationBean<>(new ConsoleHeaders());
        registration.addUrlPatterns(PATH, PATH + "/*");
        return registration;
    }

    /** The webjar's version, from its own Maven metadata, so that the pom is the one place that names it. */
    static String uplotVersion() {
        try (InputStream in = ConsoleConfiguration.class.getClassLoader().getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("uPlot's webjar is not on the classpath (" + UPLOT_POM + ")");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
