package io.agentry.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WebhookUrlPolicyTest {

    private final WebhookUrlPolicy strict = new WebhookUrlPolicy(new WebhookProperties("s", false, null, null, null, null, null));

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1", "255.255.255.255"})
    void internalAddressesAreRecognised(String ip) throws Exception {
        assertThat(WebhookUrlPolicy.isInternal(InetAddress.getByName(ip))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "93.184.216.34"})
    void publicAddressesAreNot(String ip) throws Exception {
        assertThat(WebhookUrlPolicy.isInternal(InetAddress.getByName(ip))).isFalse();
    }

    @Test
    void refusesLoopbackSchemesAndCredentialsUnlessPrivateIsAllowed() throws Exception {
        assertThatThrownBy(() -> strict.check("http://127.0.0.1:8080/hook")).hasMessageContaining("internal");
        assertThatThrownBy(() -> strict.check("http://localhost/hook")).hasMessageContaining("internal");
        assertThatThrownBy(() -> strict.check("http://[::1]/hook")).hasMessageContaining("internal");
        assertThatThrownBy(() -> strict.check("ftp://example.com/x")).hasMessage("must be an http or https URL");
        assertThatThrownBy(() -> strict.check("https://user:pw@example.com/x")).hasMessage("must not contain credentials");
        assertThatThrownBy(() -> strict.check("not a url")).hasMessage("is not a valid URL");
        assertThatThrownBy(() -> strict.check("http:///path")).hasMessage("must name a host");

        WebhookUrlPolicy lax = new WebhookUrlPolicy(new WebhookProperties("s", true, null, null, null, null, null));
        assertThat(lax.check("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
    }

    @Test
    void signaturesAreHmacOfTimestampAndBody() {
        // known answer computed independently: python hmac.new(b"secret", b"1700000000.{}", sha256)
        assertThat(new WebhookSigner("secret").sign(1_700_000_000L, "{}"))
                .isEqualTo("v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163");
    }
}
