package io.agentry.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** How {@code agentry.mcp.*} binds: header and variable names are kept as written, values never shown. */
class McpPropertiesBindingTest {

    @Test
    void keysOfHeadersAndEnvironmentKeepTheirCase() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(Map.of(
                "agentry.mcp.servers.wiki.url", "http://127.0.0.1:1/mcp",
                "agentry.mcp.servers.wiki.headers.Authorization", "Bearer x",
                "agentry.mcp.servers.wiki.headers.X-Api-Key", "k",
                "agentry.mcp.servers.files.command", "node",
                "agentry.mcp.servers.files.env.API_TOKEN", "t",
                "agentry.mcp.servers.files.env.NODE_ENV", "production"));
        McpProperties properties = new Binder(source).bind("agentry.mcp", McpProperties.class).get();
        assertThat(properties.servers().get("wiki").headers()).containsKeys("Authorization", "X-Api-Key");
        assertThat(properties.servers().get("files").env()).containsKeys("API_TOKEN", "NODE_ENV");
        assertThat(properties.servers().get("wiki").toString()).contains("Authorization").doesNotContain("Bearer x");
        assertThat(properties.servers().get("files").toString()).contains("API_TOKEN").doesNotContain("=t,", "production");
        assertThat(properties.callTimeout()).isEqualTo(McpProperties.DEFAULT_CALL_TIMEOUT);
    }
}
