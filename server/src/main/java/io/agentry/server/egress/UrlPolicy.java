package io.agentry.server.egress;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs the server will call on someone's behalf (task webhooks, HTTP tools): http(s) only, without
 * credentials, and, unless private addresses are allowed, only hosts whose every address is public. Callers
 * check a URL when it is accepted and again before every request, since DNS can change in between.
 *
 * <p>The host is read once, into addresses, before anything is decided:
 * <ul>
 *   <li>An IP literal, in any spelling {@code inet_aton} or an IPv6 parser accepts ({@link IpAddressLiteral}:
 *       {@code 0177.0.0.1}, {@code 0x7f000001}, {@code 127.1}, {@code 127.0.0.1.}, {@code [::ffff:7f00:1]}),
 *       is turned into its address without DNS. We read the lenient way because an egress proxy or another
 *       client may: Java itself reads {@code 0177.0.0.1} as 177.0.0.1, curl as 127.0.0.1.</li>
 *   <li>A host that looks numeric (its last label begins with a digit) but is no valid spelling
 *       ({@code 1.2.3.4.5}, {@code 999.1.1.1}, {@code 0x1g.0.0.1}) is refused as not a valid address, in
 *       both modes, and never handed to DNS.</li>
 *   <li>An IPv4 literal is accepted only as four decimal numbers without leading zeros or a trailing dot,
 *       in both modes: readers disagree about the other spellings (Java and curl connect to different
 *       hosts for {@code 0127.0.0.1}), so when one is not refused as internal it is refused as ambiguous.
 *       (Nobody needs them, and {@link URI} does not even see a host in most of them.)</li>
 *   <li>An IPv6 zone id ({@code [fe80::1%25eth0]}) picks a network interface of this server: refused unless
 *       private addresses are allowed.</li>
 *   <li>A host name is resolved (DNS, as the connection will) and each address is checked the same way.</li>
 * </ul>
 *
 * <p>{@link #isInternal} decides for one address. IPv4: 0/8, 10/8, 100.64/10 (carrier-grade NAT), 127/8,
 * 169.254/16 (link-local, cloud metadata), 172.16/12, 192.0.0/24 (IETF), 192.168/16, 198.18/15
 * (benchmarking), the documentation nets 192.0.2/24, 198.51.100/24 and 203.0.113/24, 224/4 (multicast),
 * 240/4 (reserved, broadcast). IPv6 forms that carry an IPv4 address are judged by it, since a translator,
 * tunnel or the dual stack sends the packet there. These are judged by it alone: IPv4-mapped
 * {@code ::ffff:0:0/96}, IPv4-translated {@code ::ffff:0:0:0/96}, IPv4-compatible {@code ::/96} (which
 * holds the unspecified {@code ::} and loopback {@code ::1}: they carry 0.0.0.0 and 0.0.0.1) and NAT64
 * {@code 64:ff9b::/96}, all in the last 32 bits. These are checked as IPv6 too: 6to4 {@code 2002::/16}
 * (bits 16..47) and Teredo {@code 2001::/32} (server bits 32..63, client the last 32 bits inverted;
 * internal if either is). Any other IPv6 address outside global unicast {@code 2000::/3} is internal: the
 * local-use NAT64 prefix {@code 64:ff9b:1::/48} (it may carry the IPv4 address anywhere from bit 48 to 96,
 * and is local by definition), discard {@code 100::/64}, unique-local {@code fc00::/7}, link-local
 * {@code fe80::/10}, site-local {@code fec0::/10}, multicast {@code ff00::/8}, and unassigned space. Inside
 * it, benchmarking {@code 2001:2::/48}, ORCHID {@code 2001:10::/28} and documentation {@code 2001:db8::/32}
 * and {@code 3fff::/20} are internal too. The IPv4 address in an ISATAP interface id is not checked: it is
 * an address of the destination's site, reached through the router of that prefix.
 */
public final class UrlPolicy {

    /** The URL may not be used; the message says why and is safe to show. */
    public static final class RefusedUrlException extends Exception {
        private final boolean hostUnresolved;

        RefusedUrlException(String message) {
            this(message, false);
        }

        private RefusedUrlException(String message, boolean hostUnresolved) {
            super(message);
            this.hostUnresolved = hostUnresolved;
        }

        /** Refused only because the host name does not resolve (now: DNS may answer later). */
        public boolean hostUnresolved() {
            return hostUnresolved;
        }
    }

    private final boolean allowPrivate;

    /** @param allowPrivate whether loopback, private, link-local and other internal addresses may be called */
    public UrlPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The URL to call (the one given, parsed), or why it may not be called. */
    public URI check(String url) throws RefusedUrlException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedUrlException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedUrlException("must be an http or https URL");
        }
        String authority = uri.getRawAuthority();
        if (uri.getRawUserInfo() != null || (authority != null && authority.contains("@"))) {
            throw new RefusedUrlException("must not contain credentials");
        }
        // URI leaves the host null for most non-decimal IPv4 spellings (it keeps only the authority): read
        // the host from the authority then, so that it gets the same verdict as when URI does parse it
        String host = uri.getHost() != null ? uri.getHost() : hostOf(authority);
        if (host == null || host.isBlank()) {
            throw new RefusedUrlException("must name a host");
        }
        Optional<IpAddressLiteral> literal;
        try {
            literal = IpAddressLiteral.parse(host);
        } catch (IpAddressLiteral.InvalidLiteralException e) {
            throw new RefusedUrlException("names a host that is not a valid address");
        }
        if (literal.isPresent()) {
            checkLiteral(literal.get());
        }
        if (uri.getHost() == null) {
            throw new RefusedUrlException("must name a host");
        }
        if (allowPrivate || literal.isPresent()) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new RefusedUrlException("names a host that does not resolve", true);
        }
        for (InetAddress address : addresses) {
            if (isInternal(address)) {
                throw new RefusedUrlException("resolves to a loopback, private or otherwise internal address");
            }
        }
        return uri;
    }

    private void checkLiteral(IpAddressLiteral literal) throws RefusedUrlException {
        if (!allowPrivate && literal.zoned()) {
            throw new RefusedUrlException("must not name a network interface (an IPv6 zone id)");
        }
        if (!allowPrivate && isInternal(literal.address())) {
            throw new RefusedUrlException("names a loopback, private or otherwise internal address");
        }
        if (!literal.canonical()) {
            throw new RefusedUrlException("must write an IPv4 address as four decimal numbers, without leading zeros");
        }
    }

    /** The host in an authority that URI did not parse as a server ({@code host[:port]}; no user info here). */
    private static String hostOf(String authority) {
        if (authority == null) {
            return null;
        }
        int colon = authority.lastIndexOf(':');
        boolean port = colon >= 0 && authority.substring(colon + 1).chars().allMatch(c -> c >= '0' && c <= '9');
        return port ? authority.substring(0, colon) : authority;
    }

    /** Whether connecting to this address could reach this server, its network or nothing public. */
    public static boolean isInternal(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == 4 ? isInternalIpv4(ByteBuffer.wrap(b).getInt()) : isInternalIpv6(b);
    }

    private static boolean isInternalIpv4(int a) {
        return in(a, 0x00000000, 8) // "this" network
                || in(a, 0x0a000000, 8) // private
                || in(a, 0x64400000, 10) // carrier-grade NAT
                || in(a, 0x7f000000, 8) // loopback
                || in(a, 0xa9fe0000, 16) // link-local (cloud metadata at 169.254.169.254)
                || in(a, 0xac100000, 12) // private
                || in(a, 0xc0000000, 24) // IETF protocol assignments
                || in(a, 0xc0000200, 24) // documentation
                || in(a, 0xc0a80000, 16) // private
                || in(a, 0xc6120000, 15) // benchmarking
                || in(a, 0xc6336400, 24) // documentation
                || in(a, 0xcb007100, 24) // documentation
                || in(a, 0xe0000000, 4) // multicast
                || in(a, 0xf0000000, 4); // reserved, broadcast
    }

    private static boolean isInternalIpv6(byte[] b) {
        ByteBuffer bytes = ByteBuffer.wrap(b);
        long high = bytes.getLong(0);
        int third = bytes.getInt(8);
        int last = bytes.getInt(12);
        if (high == 0 && (third == 0 || third == 0xffff || third == 0xffff0000)) {
            return isInternalIpv4(last); // IPv4-compatible (::, ::1 included), -mapped, -translated
        }
        if (high == 0x0064ff9b00000000L && third == 0) {
            return isInternalIpv4(last); // NAT64, well-known prefix
        }
        if (!in(high, 0x2000000000000000L, 3)) {
            return true; // not global unicast
        }
        if (in(high, 0x2001000200000000L, 48) // benchmarking
                || in(high, 0x2001001000000000L, 28) // ORCHID
                || in(high, 0x20010db800000000L, 32) // documentation
                || in(high, 0x3fff000000000000L, 20)) { // documentation
            return true;
        }
        if (in(high, 0x2002000000000000L, 16)) {
            return isInternalIpv4((int) (high >>> 16)); // 6to4
        }
        if (in(high, 0x2001000000000000L, 32)) {
            return isInternalIpv4((int) high) || isInternalIpv4(~last); // Teredo server, client
        }
        return false;
    }

    private static boolean in(int address, int network, int bits) {
        return (address ^ network) >>> (32 - bits) == 0;
    }

    private static boolean in(long address, long network, int bits) {
        return (address ^ network) >>> (64 - bits) == 0;
    }
}
