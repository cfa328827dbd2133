package io.agentry.server.testing;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A server-sent events client on a plain socket (HTTP/1.1, one request per connection), so that tests
 * control exactly what a real client does: read slowly or not at all (a small receive buffer), or hang up
 * mid-stream. It records when each event arrived.
 */
public final class SseClient implements AutoCloseable {

    /** One event; {@code id} is null for an event without one. */
    public record Event(String id, String type, String data, long arrivedNanos) {
        public long idNumber() {
            return Long.parseLong(id);
        }

        public JsonNode json() {
            return ApiClient.JSON.readTree(data);
        }
    }

    /** What the stream carried next: an event, or a comment line (a heartbeat). */
    public sealed interface Item {
    }

    public record EventItem(Event event) implements Item {
    }

    public record Comment(String text) implements Item {
    }

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;
    private BufferedReader lines;

    private SseClient(Socket socket, int status, Map<String, String> headers, InputStream body) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** {@code POST path} with a JSON body, asking for an event stream; {@code receiveBuffer} 0 keeps the default. */
    public static SseClient post(int port, String path, String apiKey, String json, int receiveBuffer, String... headers) {
        return open(port, "POST", path, apiKey, json, receiveBuffer, headers);
    }

    public static SseClient get(int port, String path, String apiKey, String... headers) {
        return open(port, "GET", path, apiKey, null, 0, headers);
    }

    private static SseClient open(int port, String method, String path, String apiKey, String json, int receiveBuffer,
                                  String... extraHeaders) {
        try {
            Socket socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            byte[] payload = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder()
                    .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Accept: text/event-stream\r\n")
                    .append("Connection: close\r\n");
            if (apiKey != null) {
                request.append("X-Api-Key: ").append(apiKey).append("\r\n");
            }
            if (json != null) {
                request.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
            for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
                request.append(extraHeaders[i]).append(": ").append(extraHeaders[i + 1]).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();

            InputStream in = new BufferedInputStream(socket.getInputStream(), 1024);
            String statusLine = headerLine(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = headerLine(in); !line.isEmpty(); line = headerLine(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            InputStream body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Chunked(in)
                    : headers.containsKey("content-length") ? limited(in, Long.parseLong(headers.get("content-length")))
                    : in;
            return new SseClient(socket, status, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The whole body as text (for an answer that is not a stream, e.g. a problem). */
    public String body() {
        try {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event or comment; null at the end of the stream. */
    public Item nextItem() {
        try {
            if (lines == null) {
                lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            }
            String id = null;
            String type = null;
            StringBuilder data = null;
            while (true) {
                String line = lines.readLine();
                if (line == null) {
                    return null;
                }
                if (line.isEmpty()) {
                    if (data != null || type != null || id != null) {
                        return new EventItem(new Event(id, type == null ? "message" : type,
                                data == null ? "" : data.toString(), System.nanoTime()));
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    return new Comment(line.substring(1).trim());
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                switch (field) {
                    case "id" -> id = value;
                    case "event" -> type = value;
                    case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event, skipping comments; null at the end of the stream. */
    public Event next() {
        for (Item item = nextItem(); item != null; item = nextItem()) {
            if (item instanceof EventItem event) {
                return event.event();
            }
        }
        return null;
    }

    /** Events up to and including the first one that matches; fails if the stream ends first. */
    public List<Event> readUntil(Predicate<Event> last) {
        List<Event> events = new ArrayList<>();
        for (Event event = next(); event != null; event = next()) {
            events.add(event);
            if (last.test(event)) {
                return events;
            }
        }
        throw new AssertionError("the stream ended after " + events.size() + " events without the expected one");
    }

    /** Every remaining event, until the server ends the response. */
    public List<Event> readToEnd() {
        List<Event> events = new ArrayList<>();
        for (Event event = next(); event != null; event = next()) {
            events.add(event);
        }
        return events;
    }

    public void readTimeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Hangs up, as a client that goes away does. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new EOFException("connection closed while reading the response head");
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static InputStream limited(InputStream in, long length) {
        return new InputStream() {
            long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }
        };
    }

    /** HTTP/1.1 chunked transfer coding, decoded. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = headerLine(in);
                int semicolon = size.indexOf(';');
                left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            left -= n;
            if (left == 0) {
                headerLine(in);
            }
            return n;
        }
    }
}
