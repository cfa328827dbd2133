package io.agentry.server.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlPolicyTest {

    private static final String INTERNAL = "internal address";
    private static final String NOT_AN_ADDRESS = "names a host that is not a valid address";
    private static final String SPELLING = "four decimal numbers";

    private final UrlPolicy strict = new UrlPolicy(false);
    private final UrlPolicy lax = new UrlPolicy(true);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "224.0.0.1", "255.255.255.255",
            "192.0.2.1", "198.51.100.1", "203.0.113.1", "::", "fec0::1", "ff02::1", "ff0e::1", "2001:db8::1",
            "3fff::1", "100::1", "::127.0.0.1", "::a9fe:a9fe", "::ffff:0:7f00:1", "64:ff9b::7f00:1",
            "64:ff9b::a9fe:a9fe", "64:ff9b:1::808:808", "2002:7f00:1::", "2002:a00:1::1",
            "2001:0:7f00:1::f7f7:f7f7", "2001:0:808:808::80ff:fffe", "4000::1"})
    void internalAddressesAreRecognised(String ip) throws Exception {
        assertThat(UrlPolicy.isInternal(InetAddress.getByName(ip))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "93.184.216.34", "::ffff:5db8:d822",
            "2002:5db8:d822::1", "64:ff9b::5db8:d822", "2001:0:5db8:d822::f7f7:f7f7"})
    void publicAddressesAreNot(String ip) throws Exception {
        assertThat(UrlPolicy.isInternal(InetAddress.getByName(ip))).isFalse();
    }

    @Test
    void refusesLoopbackSchemesAndCredentialsUnlessPrivateIsAllowed() throws Exception {
        assertThatThrownBy(() -> strict.check("http://127.0.0.1:8080/hook")).hasMessageContaining("internal");
        assertThatThrownBy(() -> strict.check("http://localhost/hook")).hasMessageContaining("internal");
        assertThatThrownBy(() -> strict.check("http://[::1]/hook")).hasMessageContaining("internal");
        assertThatThrownBy(() -> strict.check("ftp://example.com/x")).hasMessage("must be an http or https URL");
        assertThatThrownBy(() -> strict.check("https://user:pw@example.com/x")).hasMessage("must not contain credentials");
        assertThatThrownBy(() -> strict.check("https://user@0x7f.0.0.1/x")).hasMessage("must not contain credentials");
        assertThatThrownBy(() -> strict.check("not a url")).hasMessage("is not a valid URL");
        assertThatThrownBy(() -> strict.check("http:///path")).hasMessage("must name a host");
        assertThatThrownBy(() -> strict.check("http://a_b.example/path")).hasMessage("must name a host");

        assertThat(lax.check("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
        assertThat(lax.check("http://[fe80::1%25eth0]/hook").getHost()).isEqualTo("[fe80::1%25eth0]");
    }

    /** Each of these is, to inet_aton (curl, most proxies), a loopback, private or metadata address. */
    @ParameterizedTest
    @ValueSource(strings = {"http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://0X7F.0.0.1/", "http://0x7f000001/",
            "http://2130706433/", "http://127.1/", "http://127.0.1/", "http://0177.1/", "http://0x7f.1:8080/hook",
            "http://127.000.000.001/", "http://012.0.0.1/", "http://0251.0376.0251.0376/", "http://0xa9fea9fe/",
            "http://0/", "http://0x0/", "http://127.0.0.1./", "http://0177.0.0.1.:8080/", "https://012.1/x"})
    void refusesEveryIpv4SpellingOfAnInternalAddress(String url) {
        assertThatThrownBy(() -> strict.check(url)).hasMessageContaining(INTERNAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[::127.0.0.1]/", "http://[::a9fe:a9fe]/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/", "http://[::ffff:0:7f00:1]/", "http://[64:ff9b::7f00:1]/",
            "http://[64:ff9b::127.0.0.1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[64:ff9b:1::808:808]/",
            "http://[64:ff9b:1:ab::7f00:1]/", "http://[2002:7f00:1::]/", "http://[2002:a9fe:a9fe::1]/",
            "http://[2001:0:7f00:1::f7f7:f7f7]/", "http://[2001:0:808:808::80ff:fffe]/",
            "http://[2001:0:808:808::5601:5601]/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fec0::1]/",
            "http://[fe80::1]/", "http://[FE80::1]:8080/", "http://[::]/", "http://[::1]/", "http://[ff02::1]/",
            "http://[ff0e::1]/", "http://[2001:db8::1]/", "http://[2001:DB8:ffff::1]/"})
    void refusesIpv6FormsOfInternalAddresses(String url) {
        assertThatThrownBy(() -> strict.check(url)).hasMessageContaining(INTERNAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://[fe80::1%25eth0]/", "http://[fe80::1%eth0]/", "http://[2606:4700::1111%25eth0]/",
            "http://[2606:4700::1111%251]/"})
    void refusesIpv6ZoneIds(String url) {
        assertThatThrownBy(() -> strict.check(url)).hasMessage("must not name a network interface (an IPv6 zone id)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://1.2.3.4.5/", "http://0x1g.0.0.1/", "http://999.1.1.1/", "http://1.2.3.256/",
            "http://127..1/", "http://127.0.0.1../", "http://.127.0.0.1/", "http://08.0.0.1/", "http://1.16777216/",
            "http://4294967296/", "http://0x100000000/", "http://99999999999999999999999/", "http://0x/",
            "http://1.2.3.4a/", "http://example.4com/", "http://093.184.216.34/", "http://%31%32%37.0.0.1/", "http://[::ffff:127.0.0.01]/",
            "http://[::ffff:0177.0.0.1]/"})
    void refusesNumericLookingHostsThatAreNotAddressesWithoutAskingDns(String url) {
        assertThatThrownBy(() -> strict.check(url)).hasMessage(NOT_AN_ADDRESS);
        assertThatThrownBy(() -> lax.check(url)).hasMessage(NOT_AN_ADDRESS);
    }

    /**
     * Readers disagree on these (Java reads 0135 as decimal 135, inet_aton as octal 93; 010.0.0.1 is 10.0.0.1 to
     * Java, 8.0.0.1 to inet_aton): only one spelling is safe.
     */
    @ParameterizedTest
    @ValueSource(strings = {"http://010.0.0.1/", "http://0135.184.216.34/", "http://0x5d.184.216.34/",
            "http://1572395042/", "http://93.184.216.34./", "http://93.184.55330/", "http://93.0270.216.34/"})
    void refusesEveryOtherSpellingOfAPublicIpv4Address(String url) {
        assertThatThrownBy(() -> strict.check(url)).hasMessageContaining(SPELLING);
    }

    @Test
    void allowingPrivateAddressesStillRefusesAmbiguousSpellings() throws Exception {
        assertThat(lax.check("http://10.0.0.1/").getHost()).isEqualTo("10.0.0.1");
        assertThat(lax.check("http://[::ffff:7f00:1]/").getHost()).isEqualTo("[::ffff:7f00:1]");
        assertThatThrownBy(() -> lax.check("http://0177.0.0.1/")).hasMessageContaining(SPELLING);
        assertThatThrownBy(() -> lax.check("http://127.1/")).hasMessageContaining(SPELLING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://93.184.216.34/", "https://93.184.216.34:8443/hook?x=1", "http://8.8.8.8/",
            "http://[2606:4700::1111]/", "https://[2606:4700:4700::1111]:8443/hook", "http://[::ffff:5db8:d822]/",
            "http://[::ffff:93.184.216.34]/", "http://[2002:5db8:d822::1]/", "http://[64:ff9b::5db8:d822]/",
            "http://[2001:0:5db8:d822::f7f7:f7f7]/"})
    void acceptsPublicAddressLiterals(String url) throws Exception {
        assertThat(strict.check(url).toString()).isEqualTo(url);
    }

    @Test
    void signaturesAreHmacOfTimestampAndBody() {
        // known answer computed independently: python hmac.new(b"secret", b"1700000000.{}", sha256)
        assertThat(new RequestSigner("secret").sign(1_700_000_000L, "{}"))
                .isEqualTo("v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163");
    }
}
