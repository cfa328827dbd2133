package io.agentry.server.runs;

import io.agentry.events.StoredEvent;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes server-sent events (the WHATWG {@code text/event-stream} format) to a servlet response. Nothing
 * reaches the client until {@link #flush}. Creating one commits to an event stream: from then on an error
 * can only be told to the client as an event.
 */
public final class SseWriter {

    static final String CONTENT_TYPE = "text/event-stream";

    private final HttpServletResponse response;
    private final ServletOutputStream out;

    public SseWriter(HttpServletResponse response) throws IOException {
        this.response = response;
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(CONTENT_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache");
        // nginx and similar proxies would otherwise hold events back in their buffers
        response.setHeader("X-Accel-Buffering", "no");
        this.out = response.getOutputStream();
    }

    /** An event with its id: the id a client sends back as {@code Last-Event-ID} to resume after it. */
    void event(StoredEvent event) throws IOException {
        write("id: " + event.id() + "\nevent: " + event.type() + "\n" + dataLines(event.data()) + "\n");
    }

    /** An event without an id: it describes the connection, not the stream, and is not replayed. */
    public void event(String type, String data) throws IOException {
        write("event: " + type + "\n" + dataLines(data) + "\n");
    }

    /** An event with an id of the caller's making (null for none), for streams that render stored events anew. */
    public void event(String id, String type, String data) throws IOException {
        if (id == null) {
            event(type, data);
        } else {
            write("id: " + id + "\nevent: " + type + "\n" + dataLines(data) + "\n");
        }
    }

    /** A comment line, ignored by clients; keeps idle connections open. */
    void comment(String text) throws IOException {
        write(": " + text + "\n\n");
    }

    public void flush() throws IOException {
        out.flush();
        response.flushBuffer();
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One {@code data:} line per line of the payload (JSON on one line needs exactly one). */
    private static String dataLines(String data) {
        StringBuilder lines = new StringBuilder();
        for (String line : data.split("\r\n|\r|\n", -1)) {
            lines.append("data: ").append(line).append('\n');
        }
        return lines.toString();
    }
}
