package io.agentry.server.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The address a URL's host denotes when the host is an IP literal, read once, the way the most lenient
 * common reader reads it, and never with DNS.
 *
 * <ul>
 *   <li>A host in brackets is an IPv6 literal. An optional zone id ({@code %25eth0}, or a bare {@code %eth0})
 *       is split off and reported, not looked up. A dotted IPv4 tail ({@code ::ffff:127.0.0.1}) must be
 *       four decimal numbers without leading zeros: {@code inet_pton} refuses the others and Java reads them
 *       as decimal, so they have no agreed meaning. An IPv4-mapped literal comes back as the IPv4 address
 *       (as the JDK returns it).</li>
 *   <li>Any other host whose last label (trailing dots ignored) begins with an ASCII digit is an IPv4
 *       literal and must be valid: no top-level domain begins with a digit, so such a host can only be
 *       meant as an address, and is never handed to DNS (where the system resolver may read it with
 *       {@code inet_aton}, or a DNS server answer anything). It is read as {@code inet_aton} reads it (as do
 *       curl, clients and proxies built on {@code getaddrinfo}, and the WHATWG URL standard): one to four
 *       parts separated by dots, each decimal, octal with a leading {@code 0}, or hex with {@code 0x} or
 *       {@code 0X} and at least one hex digit; every part but the last is one byte, the last fills the
 *       remaining bytes; a part out of range is invalid. One trailing dot is allowed ({@code 127.0.0.1.} is
 *       {@code 127.0.0.1}, as the WHATWG standard reads it), two are not.</li>
 *   <li>Anything else is a host name: {@link #parse} returns empty.</li>
 * </ul>
 * Only ASCII digits count ({@link Character#digit} would take other scripts' digits).
 *
 * @param address   the address the host denotes
 * @param canonical whether the host is spelt so that every reader agrees on the address: true for an IPv6
 *                  literal, and for an IPv4 one only in dotted-decimal form without leading zeros or a
 *                  trailing dot (Java reads {@code 0177.0.0.1} as 177.0.0.1, inet_aton as 127.0.0.1)
 * @param zoned     whether an IPv6 literal names a zone (a network interface of the machine that connects)
 */
record IpAddressLiteral(InetAddress address, boolean canonical, boolean zoned) {

    /** The host looks like an address but is not a valid one. */
    static final class InvalidLiteralException extends Exception {
        InvalidLiteralException() {
            super("not a valid IP address", null, false, false);
        }
    }

    /** The literal {@code host} (as a URI spells it, IPv6 in brackets) denotes, or empty for a host name. */
    static Optional<IpAddressLiteral> parse(String host) throws InvalidLiteralException {
        if (host.startsWith("[")) {
            return Optional.of(parseIpv6(host));
        }
        if (!looksNumeric(host)) {
            return Optional.empty();
        }
        boolean trailingDot = host.endsWith(".");
        Inet4Address address = parseIpv4(trailingDot ? host.substring(0, host.length() - 1) : host);
        return Optional.of(new IpAddressLiteral(address, !trailingDot && address.getHostAddress().equals(host), false));
    }

    private static boolean looksNumeric(String host) {
        int end = host.length();
        while (end > 0 && host.charAt(end - 1) == '.') {
            end--;
        }
        int start = host.lastIndexOf('.', end - 1) + 1;
        return start < end && isDigit(host.charAt(start));
    }

    private static IpAddressLiteral parseIpv6(String host) throws InvalidLiteralException {
        if (host.length() < 3 || !host.endsWith("]")) {
            throw new InvalidLiteralException();
        }
        String inner = host.substring(1, host.length() - 1);
        int zone = inner.indexOf('%');
        String text = zone < 0 ? inner : inner.substring(0, zone);
        int tail = text.lastIndexOf(':') + 1;
        if (text.indexOf('.', tail) >= 0) {
            String ipv4 = text.substring(tail);
            if (!parseIpv4(ipv4).getHostAddress().equals(ipv4)) {
                throw new InvalidLiteralException();
            }
        }
        InetAddress address;
        try {
            address = Inet6Address.ofLiteral(text); // the JDK's parser: no lookup, and no zone left to resolve
        } catch (IllegalArgumentException e) {
            throw new InvalidLiteralException();
        }
        return new IpAddressLiteral(address, true, zone >= 0);
    }

    private static Inet4Address parseIpv4(String text) throws InvalidLiteralException {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            throw new InvalidLiteralException();
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            int bits = last ? 8 * (4 - i) : 8;
            long part = parsePart(parts[i]);
            if (part < 0 || part >= 1L << bits) {
                throw new InvalidLiteralException();
            }
            value = value << bits | part;
        }
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes); // four bytes: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a wrong length
        }
    }

    /** The part's value, or -1 when it is not a number; values above 2^32 come back as 2^32. */
    private static long parsePart(String part) {
        int radix = 10;
        int start = 0;
        if (part.length() > 1 && part.charAt(0) == '0') {
            boolean hex = part.charAt(1) == 'x' || part.charAt(1) == 'X';
            radix = hex ? 16 : 8;
            start = hex ? 2 : 1;
        }
        if (start == part.length()) {
            return -1; // "" or "0x"
        }
        long value = 0;
        for (int i = start; i < part.length(); i++) {
            int digit = asciiDigit(part.charAt(i));
            if (digit < 0 || digit >= radix) {
                return -1;
            }
            value = Math.min(value * radix + digit, 1L << 32);
        }
        return value;
    }

    private static int asciiDigit(char c) {
        if (isDigit(c)) {
            return c - '0';
        }
        char lower = (char) (c | 0x20);
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
