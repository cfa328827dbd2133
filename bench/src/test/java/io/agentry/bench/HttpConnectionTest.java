package io.agentry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpConnectionTest {

    private final TestServer server;

    HttpConnectionTest() throws Exception {
        server = new TestServer()
                .on("/fixed", e -> TestServer.respond(e, 200, "application/json", "{\"ok\":true}", false))
                .on("/chunked", e -> TestServer.respond(e, 201, "application/json", "x".repeat(20_000), true))
                .on("/events", e -> TestServer.respond(e, 200, "text/event-stream",
                        "id: 1\nevent: run.started\ndata: {}\n\nid: 2\nevent: token\ndata: {\"text\":\"hi\"}\n\n", true))
                .on("/close", e -> {
                    e.getResponseHeaders().set("Connection", "close");
                    TestServer.respond(e, 200, "text/plain", "bye", false);
                });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpConnection.Response get(HttpConnection connection, String path) throws Exception {
        return connection.exchange(server.target().request("GET", path, "k", null, null));
    }

    @Test
    void readsFixedLengthAndChunkedBodiesOnOneKeptAliveConnection() throws Exception {
        try (HttpConnection connection = new HttpConnection(server.target(), Duration.ofSeconds(2), Duration.ofSeconds(5))) {
            HttpConnection.Response fixed = get(connection, "/fixed");
            HttpConnection.Response chunked = get(connection, "/chunked");
            HttpConnection.Response again = get(connection, "/fixed");

            assertThat(fixed.status()).isEqualTo(200);
            assertThat(fixed.text()).isEqualTo("{\"ok\":true}");
            assertThat(fixed.keepAlive()).isTrue();
            assertThat(chunked.status()).isEqualTo(201);
            assertThat(chunked.body()).hasSize(20_000);
            assertThat(again.contains("\"ok\"".getBytes())).isTrue();
            assertThat(again.contains("\"no\"".getBytes())).isFalse();
        }
    }

    @Test
    void notesTheFirstTokenEventOfAStream() throws Exception {
        try (HttpConnection connection = new HttpConnection(server.target(), Duration.ofSeconds(2), Duration.ofSeconds(5))) {
            long before = System.nanoTime();
            HttpConnection.Response events = get(connection, "/events");

            assertThat(events.firstTokenNanos()).isGreaterThan(before);
            assertThat(get(connection, "/fixed").firstTokenNanos()).isZero();
        }
    }

    @Test
    void aConnectionCloseResponseIsNotKeptAlive() throws Exception {
        try (HttpConnection connection = new HttpConnection(server.target(), Duration.ofSeconds(2), Duration.ofSeconds(5))) {
            assertThat(get(connection, "/close").keepAlive()).isFalse();
        }
    }
}
