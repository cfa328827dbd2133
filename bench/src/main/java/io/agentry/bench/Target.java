package io.agentry.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The server under load: host and port, always on this machine. A load generator must never be pointed at
 * somebody else's server, so any host that does not resolve only to loopback addresses is refused.
 */
record Target(String host, int port, InetSocketAddress address) {

    static Target of(String baseUrl) {
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("target must be an http:// URL with a host, got " + baseUrl);
        }
        String host = uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host, e);
        }
        for (InetAddress address : addresses) {
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("refusing to load " + host + " (" + address.getHostAddress()
                        + "): the load generator only targets loopback addresses");
            }
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        return new Target(host, port, new InetSocketAddress(addresses[0], port));
    }

    /** The bytes of one HTTP/1.1 request (keep-alive). {@code body} may be null for a request without one. */
    byte[] request(String method, String path, String apiKey, String accept, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port).append("\r\n");
        if (apiKey != null) {
            head.append("X-Api-Key: ").append(apiKey).append("\r\n");
        }
        head.append("Accept: ").append(accept == null ? "application/json" : accept).append("\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + payload.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(payload, 0, all, headBytes.length, payload.length);
        return all;
    }
}
