package io.agentry.server.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for processes a test starts and tells which port to listen on. A port is taken from below the
 * kernel's ephemeral range (Linux: {@code /proc/sys/net/ipv4/ip_local_port_range}, 32768–60999 by default):
 * between the check and the child's bind, which takes seconds for a JVM, a port from that range may be handed
 * to any other socket that binds port 0 or connects out (the other JVMs of a cluster, their database pools),
 * and the child then cannot listen. Below the range only explicit binds compete.
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;

    private FreePorts() {
    }

    /** A port nothing listens on now, on every interface, outside the ephemeral range where possible. */
    public static int freePort() {
        int ephemeralStart = ephemeralRangeStart();
        if (ephemeralStart - LOWEST >= 1_000) {
            for (int attempt = 0; attempt < 200; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, ephemeralStart);
                if (isFree(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int ephemeralRangeStart() {
        try {
            // not Files.readString: it trusts the size a /proc file reports and returns a truncated text
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;  // not Linux, or unreadable: let the kernel choose
        }
    }
}
