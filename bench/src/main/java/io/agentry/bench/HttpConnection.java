package io.agentry.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection with a blocking socket, meant for one virtual thread at a time. A
 * minimal client on purpose: it costs the load generator little CPU on a machine it shares with the server.
 * Reads {@code Content-Length} and chunked bodies; for server-sent events it notes when the first
 * {@code event: token} line arrives.
 */
final class HttpConnection implements AutoCloseable {

    /** A response; {@code firstTokenNanos} is 0 unless a streamed body had a {@code token} event. */
    record Response(int status, byte[] body, boolean keepAlive, long firstTokenNanos) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean contains(byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= body.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (body[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }

    private static final byte[] TOKEN_EVENT = "event: token".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOKEN_EVENT_TIGHT = "event:token".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    HttpConnection(Target target, Duration connectTimeout, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(target.address(), (int) connectTimeout.toMillis());
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
    }

    /** Sends a request and reads its whole response. */
    Response exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        int status = statusLine();
        long contentLength = -1;
        boolean chunked = false;
        boolean keepAlive = true;
        boolean eventStream = false;
        String header;
        while (!(header = line()).isEmpty()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> keepAlive = !value.equalsIgnoreCase("close");
                case "content-type" -> eventStream = value.startsWith("text/event-stream");
                default -> {
                }
            }
        }
        Body body = new Body(eventStream);
        if (chunked) {
            long size;
            while ((size = Long.parseLong(stripExtension(line()), 16)) > 0) {
                body.read(in, size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (contentLength >= 0) {
            body.read(in, contentLength);
        } else {
            body.readToEnd(in);
            keepAlive = false;
        }
        return new Response(status, body.bytes.toByteArray(), keepAlive, body.firstTokenNanos);
    }

    /** Collects a body and, for an event stream, notes when the first token event line arrived. */
    private static final class Body {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        final boolean eventStream;
        long firstTokenNanos;
        int scanned;

        Body(boolean eventStream) {
            this.eventStream = eventStream;
        }

        void read(InputStream in, long length) throws IOException {
            byte[] buffer = new byte[(int) Math.min(length, 8192)];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("connection closed in the middle of a body");
                }
                bytes.write(buffer, 0, n);
                left -= n;
                scan();
            }
        }

        void readToEnd(InputStream in) throws IOException {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
                scan();
            }
        }

        private void scan() {
            if (!eventStream || firstTokenNanos != 0) {
                return;
            }
            byte[] seen = bytes.toByteArray();
            for (int i = Math.max(0, scanned - TOKEN_EVENT.length); i < seen.length; i++) {
                if (startsWith(seen, i, TOKEN_EVENT) || startsWith(seen, i, TOKEN_EVENT_TIGHT)) {
                    firstTokenNanos = System.nanoTime();
                    return;
                }
            }
            scanned = seen.length;
        }

        private static boolean startsWith(byte[] data, int at, byte[] prefix) {
            if (at + prefix.length > data.length || (at > 0 && data[at - 1] != '\n')) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (data[at + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private int statusLine() throws IOException {
        String line = line();
        // HTTP/1.1 200 OK
        int space = line.indexOf(' ');
        if (!line.startsWith("HTTP/") || space < 0 || line.length() < space + 4) {
            throw new IOException("not an HTTP response: " + line);
        }
        return Integer.parseInt(line.substring(space + 1, space + 4));
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String stripExtension(String chunkSize) {
        int semicolon = chunkSize.indexOf(';');
        return (semicolon < 0 ? chunkSize : chunkSize.substring(0, semicolon)).trim();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a connection we are done with
        }
    }
}
