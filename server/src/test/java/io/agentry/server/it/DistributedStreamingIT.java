package io.agentry.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.ServerProcess;
import io.agentry.server.testing.SseClient;
import io.agentry.server.testing.TestDatabases;
import io.agentry.server.testing.TestRedis;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two api replicas (the packaged jar, two JVMs) sharing one PostgreSQL database and one Redis: a client
 * streaming from one replica resumes on the other, mid-run, with every later event exactly once.
 */
class DistributedStreamingIT {

    static final int TOKENS_PER_SECOND = 40;

    static TestDatabases.PostgresDatabase database;
    static TestRedis redis;
    static String prefix;
    static ServerProcess first;
    static ServerProcess second;

    @BeforeAll
    static void startTwoReplicas() {
        database = TestDatabases.postgres();
        redis = new TestRedis();
        prefix = TestRedis.newPrefix();
        Map<String, String> settings = Map.ofEntries(
                Map.entry("spring.datasource.url", database.url()),
                Map.entry("spring.datasource.username", TestDatabases.PG_USER),
                Map.entry("agentry.redis.url", TestRedis.URL),
                Map.entry("agentry.redis.key-prefix", prefix),
                Map.entry("agentry.models.offline.tokens-per-second", Integer.toString(TOKENS_PER_SECOND)),
                Map.entry("agentry.security.keys[0].name", "service"),
                Map.entry("agentry.security.keys[0].key", "service-key"),
                Map.entry("agentry.security.keys[1].name", "alice"),
                Map.entry("agentry.security.keys[1].key", "alice-key"),
                Map.entry("agentry.security.keys[1].user-id", "alice"),
                Map.entry("agentry.security.keys[2].name", "bob"),
                Map.entry("agentry.security.keys[2].key", "bob-key"),
                Map.entry("agentry.security.keys[2].user-id", "bob"));
        CompletableFuture<ServerProcess> a = CompletableFuture.supplyAsync(() -> ServerProcess.start("stream-a", settings));
        CompletableFuture<ServerProcess> b = CompletableFuture.supplyAsync(() -> ServerProcess.start("stream-b", settings));
        first = a.join();
        second = b.join();
    }

    @AfterAll
    static void stopEverything() {
        try {
            for (ServerProcess server : new ServerProcess[] {first, second}) {
                if (server != null) {
                    server.close();
                }
            }
        } finally {
            if (redis != null) {
                redis.deleteKeys(prefix);
                redis.close();
            }
            if (database != null) {
                database.close();
            }
        }
    }

    private static String tokens(List<SseClient.Event> events) {
        return events.stream().filter(e -> e.type().equals("token"))
                .map(e -> e.json().get("text").asString()).collect(Collectors.joining());
    }

    private boolean finishedInRedis(String runId) {
        return redis.template().opsForHash().get(prefix + "events:{" + runId + "}:meta", "finished") != null;
    }

    private static String body(String message, String... more) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("message", message, "stream", true));
        for (int i = 0; i + 1 < more.length; i += 2) {
            body.put(more[i], more[i + 1]);
        }
        return ApiClient.JSON.writeValueAsString(body);
    }

    @Test
    void aClientResumesMidRunOnTheOtherReplicaWithNoGapAndNoDuplicate() {
        // about 115 tokens: close to 3 seconds at the model's pace
        String message = "a b c d e f g h i j k l m n o p q r s t u v w x y z ".repeat(4).strip();
        List<SseClient.Event> fromFirst;
        try (SseClient client = SseClient.post(first.port(), "/run", "alice-key",
                body(message, "on_disconnect", "continue"), 0)) {
            int[] tokensSeen = {0};
            fromFirst = client.readUntil(e -> e.type().equals("token") && ++tokensSeen[0] == 10);
        }
        String runId = fromFirst.getFirst().json().get("run_id").asString();
        long lastSeen = fromFirst.getLast().idNumber();

        List<SseClient.Event> fromSecond;
        boolean finishedWhenResumed;
        try (SseClient client = SseClient.get(second.port(), "/runs/" + runId + "/events", "alice-key",
                "Last-Event-ID", Long.toString(lastSeen))) {
            assertThat(client.status()).isEqualTo(200);
            SseClient.Event next = client.next();
            finishedWhenResumed = finishedInRedis(runId);
            fromSecond = new java.util.ArrayList<>(List.of(next));
            fromSecond.addAll(client.readToEnd());
        }

        assertThat(finishedWhenResumed).as("the run was still going when the other replica took over").isFalse();
        List<Long> ids = fromSecond.stream().map(SseClient.Event::idNumber).toList();
        assertThat(ids).isEqualTo(LongStream.rangeClosed(lastSeen + 1, lastSeen + ids.size()).boxed().toList());
        SseClient.Event completed = fromSecond.getLast();
        assertThat(completed.type()).isEqualTo("run.completed");
        assertThat(completed.json().get("content").asString()).isEqualTo(tokens(fromFirst) + tokens(fromSecond));

        // replayed in full from either replica after the end, identical to what was streamed live
        for (ServerProcess server : new ServerProcess[] {first, second}) {
            try (SseClient replay = SseClient.get(server.port(), "/runs/" + runId + "/events", "alice-key")) {
                List<SseClient.Event> all = replay.readToEnd();
                assertThat(all).extracting(SseClient.Event::data).isEqualTo(
                        java.util.stream.Stream.concat(fromFirst.stream(), fromSecond.stream()).map(SseClient.Event::data).toList());
            }
        }
        // and the run is recorded once, in the shared store, as streamed
        assertThat(completed.json().get("status").asString()).isEqualTo("completed");
    }

    @Test
    void anotherUsersStreamIsNotFoundOnAnyReplicaEvenWhileItRuns() {
        String message = "a b c d e f g h i j k l m n o p q r s t u v w x y z".repeat(2);
        try (SseClient alice = SseClient.post(first.port(), "/run", "alice-key", body(message), 0)) {
            String runId = alice.next().json().get("run_id").asString();
            assertThat(finishedInRedis(runId)).isFalse();
            for (ServerProcess server : new ServerProcess[] {first, second}) {
                try (SseClient bob = SseClient.get(server.port(), "/runs/" + runId + "/events", "bob-key")) {
                    assertThat(bob.status()).isEqualTo(404);
                    assertThat(bob.header("content-type")).startsWith("application/problem+json");
                }
            }
            try (SseClient aliceElsewhere = SseClient.get(second.port(), "/runs/" + runId + "/events", "alice-key")) {
                assertThat(aliceElsewhere.status()).isEqualTo(200);
                assertThat(aliceElsewhere.readToEnd().getLast().type()).isEqualTo("run.completed");
            }
            assertThat(alice.readToEnd().getLast().type()).isEqualTo("run.completed");
        }
    }
}
