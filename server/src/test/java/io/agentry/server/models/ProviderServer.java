package io.agentry.server.models;

import io.agentry.server.testing.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.BufferedSink;
import tools.jackson.databind.JsonNode;

/**
 * A provider API on MockWebServer: answers with the queued responses in order and records every request
 * with the time it arrived (to check waits between attempts without timing our own code).
 */
final class ProviderServer implements AutoCloseable {

    record Received(RecordedRequest request, long arrivedNanos) {
        JsonNode json() {
            return ApiClient.JSON.readTree(request.getBody().utf8());
        }

        String header(String name) {
            return request.getHeaders().get(name);
        }

        String path() {
            return request.getUrl().encodedPath();
        }
    }

    private final MockWebServer server = new MockWebServer();
    private final BlockingQueue<MockResponse> responses = new LinkedBlockingQueue<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closed = new CountDownLatch(1);

    ProviderServer() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                received.add(new Received(request, System.nanoTime()));
                MockResponse next = responses.poll();
                return next != null ? next : json(500, "{\"error\":{\"type\":\"test_error\",\"message\":\"no response queued\"}}");
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return server.url(path).toString();
    }

    ProviderServer enqueue(MockResponse... queued) {
        responses.addAll(List.of(queued));
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received request(int index) {
        return received().get(index);
    }

    static MockResponse json(int code, String body, String... headers) {
        MockResponse.Builder builder = new MockResponse.Builder().code(code)
                .setHeader("Content-Type", "application/json").body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.setHeader(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    /** A {@code text/event-stream} answer made of the given events, each {@code event:}/{@code data:} lines. */
    static MockResponse sse(String... events) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream")
                .body(String.join("\n\n", events) + "\n\n").build();
    }

    /** An event stream that sends {@code first}, then goes silent until the server closes. */
    MockResponse stallingSse(String first) {
        return stalling("text/event-stream", first + "\n\n");
    }

    /** A response that sends its headers and {@code first}, then goes silent until the server closes. */
    MockResponse stalling(String contentType, String first) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", contentType)
                .body(new MockResponseBody() {
                    @Override
                    public long getContentLength() {
                        return -1;
                    }

                    @Override
                    public void writeTo(BufferedSink sink) throws IOException {
                        sink.writeUtf8(first);
                        sink.flush();
                        try {
                            closed.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }).build();
    }

    /** A response whose headers come only after {@code delayMillis}. */
    static MockResponse slow(MockResponse response, long delayMillis) {
        return response.newBuilder().headersDelay(delayMillis, TimeUnit.MILLISECONDS).build();
    }

    @Override
    public void close() {
        closed.countDown();
        server.close();
    }
}
