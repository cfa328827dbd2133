package io.agentry.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server's settings: one transport, defaults from {@code agentry.mcp}, and messages that never show secrets. */
class McpServerSettingsTest {

    private static final McpProperties DEFAULTS = new McpProperties(null, null, null, null, null, null, null, null);

    private static McpServerProperties http(String url, Map<String, String> headers) {
        return new McpServerProperties(url, headers, null, null, null, null, null, null, null);
    }

    private static McpServerProperties stdio(String command, List<String> args) {
        return new McpServerProperties(null, null, command, args, Map.of("TOKEN", "t0ps3cret"), null,
                Duration.ofSeconds(5), 500, null);
    }

    @Test
    void perServerValuesOverrideTheDefaults() {
        McpServerSettings settings = McpServerSettings.of("files", stdio("npx", List.of("-y", "server")), DEFAULTS);

        assertThat(settings.transport()).isEqualTo(new McpServerSettings.Stdio("npx", List.of("-y", "server"),
                Map.of("TOKEN", "t0ps3cret"), null));
        assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.maxResultChars()).isEqualTo(500);
        assertThat(settings.refreshInterval()).isEqualTo(McpProperties.DEFAULT_REFRESH_INTERVAL);
        assertThat(settings.transport().describe()).isEqualTo("command npx");
    }

    @Test
    void anHttpServersDescriptionLeavesOutWhatMayBeSecret() {
        McpServerSettings settings = McpServerSettings.of("wiki",
                http("https://user:pw@wiki.example.com/mcp?token=abc", Map.of("Authorization", "Bearer xyz")), DEFAULTS);

        assertThat(settings.transport().describe()).isEqualTo("https://wiki.example.com/mcp");
        assertThat(settings.callTimeout()).isEqualTo(McpProperties.DEFAULT_CALL_TIMEOUT);
    }

    @Test
    void misconfigurationsAreNamed() {
        assertThatThrownBy(() -> McpServerSettings.of("my_server", stdio("x", List.of()), DEFAULTS))
                .hasMessageContaining("letters, digits or dashes");
        assertThatThrownBy(() -> McpServerSettings.of("both", new McpServerProperties("http://h/mcp", null, "x", null,
                null, null, null, null, null), DEFAULTS)).hasMessageContaining("not both");
        assertThatThrownBy(() -> McpServerSettings.of("none", http(null, null), DEFAULTS))
                .hasMessage("agentry.mcp.servers.none needs either a url (streamable HTTP) or a command (stdio), not neither");
        assertThatThrownBy(() -> McpServerSettings.of("ftp", http("ftp://h/x?secret=1", null), DEFAULTS))
                .hasMessage("agentry.mcp.servers.ftp.url must be an http or https URL with a host");
        assertThatThrownBy(() -> McpServerSettings.of("h", new McpServerProperties(null, Map.of("A", "b"), "x", null, null,
                null, null, null, null), DEFAULTS)).hasMessageContaining("headers are for HTTP servers");
        assertThatThrownBy(() -> McpServerSettings.of("host", http("http://h/mcp", Map.of("Host", "evil.example")), DEFAULTS))
                .hasMessage("agentry.mcp.servers.host.headers: header 'Host' cannot be set");
        assertThat(McpServerSettings.of("wiki", http("http://h/mcp", Map.of("Authorization", "Bearer xyz")), DEFAULTS)
                .toString()).contains("Authorization").doesNotContain("xyz");
        assertThatThrownBy(() -> McpServerSettings.of("t", new McpServerProperties(null, null, "x", null, null, null,
                Duration.ZERO, null, null), DEFAULTS)).hasMessage("agentry.mcp.servers.t.call-timeout must be positive");
    }
}
