package io.agentry.server.tools.http;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The HTTP tools ({@code agentry.tools.http.<name>.*}); the key is the tool's name, as agents list it. */
@ConfigurationProperties("agentry.tools")
public record HttpToolsProperties(Map<String, HttpToolProperties> http) {

    public HttpToolsProperties {
        http = http == null ? Map.of() : Map.copyOf(http);
    }
}
