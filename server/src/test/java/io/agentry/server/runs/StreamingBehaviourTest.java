package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.agentry.events.EventLog;
import io.agentry.events.StreamInfo;
import io.agentry.run.RunStatus;
import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.SseClient;
import io.agentry.store.RunRecord;
import io.agentry.store.RunStore;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Streaming as a client lives it, on a server whose offline model is paced (50 tokens/s) and starts every
 * run with one tool call: {@code gated} runs wait in a tool until the test opens the gate, {@code bulky}
 * runs get a 64 KiB tool result. Heartbeats come every 200 ms, a client may fall 16 events behind, and the
 * server's socket send buffer is small, so that a client that does not read blocks the server's writes
 * at once instead of after megabytes of kernel buffers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:streaming-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "agentry.security.keys[0].name=service",
        "agentry.security.keys[0].key=service-key",
        "agentry.models.offline.tokens-per-second=" + StreamingBehaviourTest.TOKENS_PER_SECOND,
        "agentry.models.offline.tool-rounds=1",
        "agentry.agents.default.model=offline",
        "agentry.agents.gated.tools[0]=gate",
        "agentry.agents.bulky.tools[0]=bulk",
        "agentry.streaming.heartbeat-interval=200ms",
        "agentry.streaming.client-buffer=16",
})
@Import(StreamingBehaviourTest.TestTools.class)
@ExtendWith(OutputCaptureExtension.class)
class StreamingBehaviourTest {

    static final int TOKENS_PER_SECOND = 50;

    @LocalServerPort
    int port;
    @Autowired
    RunStore runStore;
    @Autowired
    EventLog eventLog;
    @Autowired
    Gate gate;
    @Autowired
    StreamedRuns streamedRuns;

    @BeforeEach
    void closeTheGate() {
        gate.close();
    }

    private SseClient stream(Map<String, Object> body, int receiveBuffer) {
        return SseClient.post(port, "/run", "service-key", ApiClient.JSON.writeValueAsString(body), receiveBuffer);
    }

    private static Map<String, Object> run(String agent, String message, String... more) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("message", message, "user_id", "carol",
                "agent", agent, "stream", true));
        for (int i = 0; i + 1 < more.length; i += 2) {
            body.put(more[i], more[i + 1]);
        }
        return body;
    }

    private Optional<RunRecord> recorded(String runId) {
        return runStore.find(runId);
    }

    private static List<Long> ids(List<SseClient.Event> events) {
        return events.stream().map(SseClient.Event::idNumber).toList();
    }

    private static String runId(List<SseClient.Event> events) {
        return events.getFirst().json().get("run_id").asString();
    }

    @Test
    void tokensReachTheClientAsTheModelProducesThem() {
        // the echo of 100 one-letter words: about 115 tokens, which the model paces over more than 2 seconds
        String message = "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(4).strip();
        try (SseClient client = stream(run("default", message), 0)) {
            String runId = runId(client.readUntil(e -> e.type().equals("run.started")));
            List<SseClient.Event> untilFirstToken = client.readUntil(e -> e.type().equals("token"));
            SseClient.Event first = untilFirstToken.getLast();
            StreamInfo whenFirstArrived = eventLog.describe(runId).orElseThrow();
            List<SseClient.Event> rest = client.readToEnd();

            List<SseClient.Event> tokens = new java.util.ArrayList<>(List.of(first));
            rest.stream().filter(e -> e.type().equals("token")).forEach(tokens::add);
            SseClient.Event last = tokens.getLast();
            assertThat(tokens).hasSizeGreaterThan(100);
            assertThat(whenFirstArrived.finished()).as("the run was still producing when its first token arrived").isFalse();
            assertThat(whenFirstArrived.lastId()).isLessThan(last.idNumber());
            // the model needs (n-1)/pace between its first and last token; a server that held tokens back
            // would deliver them in a burst, so the client sees at least half of that spacing
            double modelSpreadSeconds = (tokens.size() - 1) / (double) TOKENS_PER_SECOND;
            double seenSpreadSeconds = (last.arrivedNanos() - first.arrivedNanos()) / 1e9;
            assertThat(seenSpreadSeconds).isGreaterThan(modelSpreadSeconds / 2);
            assertThat(rest.getLast().type()).isEqualTo("run.completed");
            assertThat(rest.getLast().json().get("content").asString()).contains("a b c");
        }
    }

    @Test
    void anIdleStreamGetsHeartbeats() {
        try (SseClient client = stream(run("gated", "wait for the gate"), 0)) {
            client.readUntil(e -> e.type().equals("tool.started"));
            // the run waits in its tool: nothing happens but heartbeats
            assertThat(client.nextItem()).isEqualTo(new SseClient.Comment("keep-alive"));
            assertThat(client.nextItem()).isEqualTo(new SseClient.Comment("keep-alive"));
            gate.open();
            List<SseClient.Event> rest = client.readToEnd();
            assertThat(rest.getFirst().type()).isEqualTo("tool.finished");
            assertThat(rest.getLast().type()).isEqualTo("run.completed");
        }
    }

    @Test
    void aClientThatDisconnectsCancelsItsRun(CapturedOutput output) {
        String runId;
        try (SseClient client = stream(run("gated", "wait for the gate"), 0)) {
            runId = runId(client.readUntil(e -> e.type().equals("tool.started")));
        }
        // the gate stays closed: only the cancellation can end the run
        await().atMost(Duration.ofSeconds(15)).until(() -> recorded(runId).isPresent());
        RunRecord record = recorded(runId).orElseThrow();
        assertThat(record.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(record.error()).isEqualTo("Run cancelled");
        assertThat(output.getOut()).contains("streaming client of run " + runId + " disconnected; cancelling the run");
        try (SseClient replay = SseClient.get(port, "/runs/" + runId + "/events", "service-key")) {
            assertThat(replay.readToEnd().getLast().type()).isEqualTo("run.cancelled");
        }
    }

    @Test
    void withOnDisconnectContinueTheRunFinishesIsRecordedAndCanBeReplayed(CapturedOutput output) {
        String runId;
        List<SseClient.Event> seen;
        try (SseClient client = stream(run("gated", "wait for the gate", "on_disconnect", "continue"), 0)) {
            seen = client.readUntil(e -> e.type().equals("tool.started"));
            runId = runId(seen);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> output.getOut()
                .contains("streaming client of run " + runId + " disconnected; the run continues"));
        assertThat(recorded(runId)).as("still waiting in its tool").isEmpty();
        gate.open();

        await().atMost(Duration.ofSeconds(15)).until(() -> recorded(runId).isPresent());
        assertThat(recorded(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        try (SseClient replay = SseClient.get(port, "/runs/" + runId + "/events", "service-key")) {
            List<SseClient.Event> all = replay.readToEnd();
            assertThat(ids(all)).isEqualTo(LongStream.rangeClosed(1, all.size()).boxed().toList());
            assertThat(all.subList(0, seen.size())).extracting(SseClient.Event::data)
                    .isEqualTo(seen.stream().map(SseClient.Event::data).toList());
            assertThat(all.getLast().type()).isEqualTo("run.completed");
            assertThat(all.getLast().json().get("status").asString()).isEqualTo("completed");
        }
    }

    @Test
    void shutdownWaitsForARunWhoseClientLeftToFinishAndBeRecorded(CapturedOutput output) throws Exception {
        String runId;
        try (SseClient client = stream(run("gated", "wait for the gate", "on_disconnect", "continue"), 0)) {
            runId = runId(client.readUntil(e -> e.type().equals("tool.started")));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> output.getOut()
                .contains("streaming client of run " + runId + " disconnected; the run continues"));

        Thread shutdown = Thread.ofVirtual().start(streamedRuns::stop);
        try {
            assertThat(shutdown.join(Duration.ofMillis(500))).as("stop() returned while the run was still going").isFalse();
            gate.open();
            assertThat(shutdown.join(Duration.ofSeconds(15))).as("stop() returned once the run ended").isTrue();
            // recorded before stop() returned: the context may close the store right after
            assertThat(recorded(runId)).map(RunRecord::status).contains(RunStatus.COMPLETED);
        } finally {
            gate.open();
            shutdown.join(Duration.ofSeconds(30));
            streamedRuns.start();  // the context is shared with the other tests
        }
    }

    @Test
    void aClientResumingMidRunGetsEveryLaterEventOnceThenTheRestLive() {
        String runId;
        long lastSeen;
        try (SseClient client = stream(run("gated", "wait for the gate", "on_disconnect", "continue"), 0)) {
            List<SseClient.Event> seen = client.readUntil(e -> e.type().equals("usage"));
            runId = runId(seen);
            lastSeen = seen.getLast().idNumber();
        }
        try (SseClient resumed = SseClient.get(port, "/runs/" + runId + "/events", "service-key",
                "Last-Event-ID", Long.toString(lastSeen))) {
            SseClient.Event toolStarted = resumed.next();
            assertThat(toolStarted.idNumber()).isEqualTo(lastSeen + 1);
            assertThat(toolStarted.type()).isEqualTo("tool.started");
            assertThat(resumed.nextItem()).as("the run is still waiting").isEqualTo(new SseClient.Comment("keep-alive"));
            gate.open();
            List<SseClient.Event> live = resumed.readToEnd();
            assertThat(ids(live)).isEqualTo(LongStream.rangeClosed(lastSeen + 2, lastSeen + 1 + live.size()).boxed().toList());
            assertThat(live.getFirst().type()).isEqualTo("tool.finished");
            assertThat(live.getLast().type()).isEqualTo("run.completed");
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedWithoutHoldingUpTheRunAndResumesWhereItWasDropped() {
        String message = "please look at this large document and then tell me what you think of it overall";
        try (SseClient client = stream(run("bulky", message), 4096)) {
            SseClient.Event started = client.next();
            String runId = started.json().get("run_id").asString();

            // the client reads nothing more: the run still goes at the model's pace and is recorded
            await().atMost(Duration.ofSeconds(30)).until(() -> recorded(runId).isPresent());
            assertThat(recorded(runId).orElseThrow().status()).as("being dropped does not cancel")
                    .isEqualTo(RunStatus.COMPLETED);

            List<SseClient.Event> received = client.readToEnd();
            SseClient.Event notice = received.getLast();
            List<SseClient.Event> events = received.subList(0, received.size() - 1);
            assertThat(notice.type()).isEqualTo("stream.dropped");
            assertThat(notice.id()).as("the notice is not part of the stream").isNull();
            assertThat(notice.json().get("reason").asString()).isEqualTo("slow_client");
            long lastDelivered = notice.json().get("last_event_id").asLong();
            assertThat(ids(events)).isEqualTo(LongStream.rangeClosed(2, lastDelivered).boxed().toList());
            assertThat(events).extracting(SseClient.Event::type).doesNotContain("run.completed");

            try (SseClient resumed = SseClient.get(port, "/runs/" + runId + "/events", "service-key",
                    "Last-Event-ID", Long.toString(lastDelivered))) {
                List<SseClient.Event> rest = resumed.readToEnd();
                assertThat(rest.getFirst().idNumber()).isEqualTo(lastDelivered + 1);
                assertThat(ids(rest)).isEqualTo(LongStream.rangeClosed(lastDelivered + 1, lastDelivered + rest.size())
                        .boxed().toList());
                assertThat(rest.getLast().type()).isEqualTo("run.completed");
            }
        }
    }

    /** A tool that waits until the test opens it (or 30 s pass); honours interruption like a good tool. */
    static final class Gate implements Tool {
        private volatile CountDownLatch latch = new CountDownLatch(1);

        void close() {
            latch = new CountDownLatch(1);
        }

        void open() {
            latch.countDown();
        }

        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("gate").description("Waits until the test opens the gate.").build();
        }

        @Override
        public String execute(ToolCall call) throws InterruptedException {
            return latch.await(30, TimeUnit.SECONDS) ? "the gate opened" : "the gate stayed closed";
        }
    }

    /** A tool with a 64 KiB answer (about 11,000 tokens of words). */
    static final class Bulk implements Tool {
        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name("bulk").description("Returns a large document.").build();
        }

        @Override
        public String execute(ToolCall call) {
            return "lorem ipsum dolor sit amet ".repeat(64 * 1024 / 27);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestTools {
        @Bean
        Gate gate() {
            return new Gate();
        }

        @Bean
        Bulk bulk() {
            return new Bulk();
        }

        /** A small socket send buffer: a client that stops reading blocks the server's writes within kilobytes. */
        @Bean
        TomcatConnectorCustomizer smallSendBuffer() {
            return connector -> connector.setProperty("socket.txBufSize", "4096");
        }
    }
}
