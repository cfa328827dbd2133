package io.agentry.server.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressLiteralTest {

    @ParameterizedTest
    @CsvSource({"0177.0.0.1, 127.0.0.1", "0x7f.0.0.1, 127.0.0.1", "0X7F.0x00.0.01, 127.0.0.1", "0x7f000001, 127.0.0.1",
            "2130706433, 127.0.0.1", "127.1, 127.0.0.1", "127.0.1, 127.0.0.1", "0177.1, 127.0.0.1",
            "010.0.0.1, 8.0.0.1", "012.0.0.1, 10.0.0.1", "0251.0376.0251.0376, 169.254.169.254", "0xa9fea9fe, 169.254.169.254",
            "127.000.000.001, 127.0.0.1", "0, 0.0.0.0", "00, 0.0.0.0", "0x0, 0.0.0.0", "4294967295, 255.255.255.255",
            "0xffffffff, 255.255.255.255", "1.16777215, 1.255.255.255", "1.2.65535, 1.2.255.255",
            "0x00000000007f000001, 127.0.0.1", "93.184.55330, 93.184.216.34", "1572395042, 93.184.216.34"})
    void readsEveryIpv4SpellingAsInetAtonDoes(String spelling, String address) throws Exception {
        IpAddressLiteral literal = IpAddressLiteral.parse(spelling).orElseThrow();
        assertThat(literal.address().getHostAddress()).isEqualTo(address);
        assertThat(literal.canonical()).isFalse();
        // the JDK's own reading of POSIX (inet_aton) literals agrees
        assertThat(Inet4Address.ofPosixLiteral(spelling).getHostAddress()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "93.184.216.34", "0.0.0.0", "255.255.255.255", "10.0.0.1"})
    void dottedDecimalWithoutLeadingZerosIsTheCanonicalSpelling(String spelling) throws Exception {
        IpAddressLiteral literal = IpAddressLiteral.parse(spelling).orElseThrow();
        assertThat(literal.address().getHostAddress()).isEqualTo(spelling);
        assertThat(literal.canonical()).isTrue();
    }

    @Test
    void oneTrailingDotIsTheSameAddressButNotCanonical() throws Exception {
        IpAddressLiteral literal = IpAddressLiteral.parse("127.0.0.1.").orElseThrow();
        assertThat(literal.address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(literal.canonical()).isFalse();
        assertThat(IpAddressLiteral.parse("0x7f000001.").orElseThrow().address().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4.5", "0x1g.0.0.1", "999.1.1.1", "1.2.3.256", "1.16777216", "1.2.65536",
            "4294967296", "0x100000000", "99999999999999999999999", "0xffffffffffffffffffffffff", "08.0.0.1",
            "093.184.216.34", "0x", "0x.0.0.1", "127..1", ".127.0.0.1", "127.0.0.1..", "1.2.3.4a", "0x1g",
            "example.4com", "x1.2", "1.2.-3.4", "1.2.+3.4", "1.\u0661.3.4", "%31%32%37.0.0.1", "1.2.3.4:abc"})
    void refusesHostsThatLookNumericButAreNoValidSpelling(String host) {
        assertThatThrownBy(() -> IpAddressLiteral.parse(host)).isInstanceOf(IpAddressLiteral.InvalidLiteralException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com.", "localhost", "1password.com", "127.0.0.1.nip.io",
            "0x7f.example", "1.2.3.-1", "1.2.3.\u0661", "", "."})
    void hostNamesAreNotLiterals(String host) throws Exception {
        assertThat(IpAddressLiteral.parse(host)).isEmpty();
    }

    @Test
    void readsIpv6LiteralsAndReportsZones() throws Exception {
        IpAddressLiteral loopback = IpAddressLiteral.parse("[::1]").orElseThrow();
        assertThat(loopback.address()).isEqualTo(InetAddress.getByName("::1"));
        assertThat(loopback.canonical()).isTrue();
        assertThat(loopback.zoned()).isFalse();

        assertThat(IpAddressLiteral.parse("[::ffff:7f00:1]").orElseThrow().address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(IpAddressLiteral.parse("[::127.0.0.1]").orElseThrow().address().getHostAddress())
                .isEqualTo("0:0:0:0:0:0:7f00:1");

        IpAddressLiteral zoned = IpAddressLiteral.parse("[fe80::1%25eth0]").orElseThrow();
        assertThat(zoned.zoned()).isTrue();
        assertThat(zoned.address().getHostAddress()).isEqualTo("fe80:0:0:0:0:0:0:1"); // the zone is not looked up
        assertThat(IpAddressLiteral.parse("[fe80::1%no-such-interface]").orElseThrow().zoned()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[::ffff:127.0.0.01]", "[::ffff:0177.0.0.1]", "[::ffff:127.1]", "[1::2::3]", "[12345::]",
            "[::1", "[]", "[v1.x]"})
    void refusesInvalidIpv6Literals(String host) {
        assertThatThrownBy(() -> IpAddressLiteral.parse(host)).isInstanceOf(IpAddressLiteral.InvalidLiteralException.class);
    }
}
