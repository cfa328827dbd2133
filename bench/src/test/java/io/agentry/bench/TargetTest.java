package io.agentry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void loopbackTargetsAreAccepted() {
        assertThat(Target.of("http://127.0.0.1:8080").address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(Target.of("http://localhost:8080").port()).isEqualTo(8080);
        assertThat(Target.of("http://[::1]:9000").address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> Target.of("http://10.1.2.3:8080")).hasMessageContaining("only targets loopback");
        assertThatThrownBy(() -> Target.of("http://8.8.8.8")).hasMessageContaining("only targets loopback");
        assertThatThrownBy(() -> Target.of("https://127.0.0.1:8443")).hasMessageContaining("http://");
    }

    @Test
    void requestsAreKeepAliveHttp11WithTheKeyAndABody() {
        String request = new String(Target.of("http://127.0.0.1:8080").request("POST", "/run", "k", null, "{\"a\":\"é\"}"),
                StandardCharsets.UTF_8);
        assertThat(request).startsWith("POST /run HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX-Api-Key: k\r\n")
                .contains("Content-Length: 10\r\n").endsWith("\r\n\r\n{\"a\":\"é\"}");
    }
}
