package io.agentry.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks "recorded before the answer": a client that got its answer finds the run in the store. The API has no
 * {@code GET /runs/{id}}, so each probe is a {@code POST /run} for a user of its own, and the moment its answer
 * arrives the probe asks {@code GET /usage} for that user (the ledger counts the rows of the runs table: it must
 * count this run) and {@code POST /estimate} with the answer's {@code session_id} (the estimate counts the session's
 * history: it must count more input tokens than the same message without a session, or the session's turn was not
 * written). {@code clients} probes run at once. With {@code user} and {@code answered}, it also compares the runs the
 * ledger holds for {@code user} with the successful answers the load clients counted for it: the store must hold at
 * least as many.
 */
final class RecordedCheck {

    record Settings(Target target, String apiKey, String message, int probes, int clients, String user, long answered,
                    Duration timeout) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int EXAMPLES = 10;

    private final Settings settings;
    private final String prefix = "bench-recorded-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    private final LongAdder answered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder runsMissing = new LongAdder();
    private final LongAdder sessionsMissing = new LongAdder();
    private final List<String> examples = Collections.synchronizedList(new ArrayList<>());

    RecordedCheck(Settings settings) {
        this.settings = settings;
    }

    Map<String, Object> run() throws Exception {
        long baseline;
        try (Api api = new Api()) {
            baseline = api.inputTokens(null, prefix + "baseline");
        }
        AtomicInteger next = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < settings.clients(); c++) {
            clients.add(Thread.ofVirtual().start(() -> {
                try (Api api = new Api()) {
                    for (int i = next.getAndIncrement(); i < settings.probes(); i = next.getAndIncrement()) {
                        probe(api, prefix + i, baseline);
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("probes", settings.probes());
        result.put("answered", answered.sum());
        result.put("failed", failed.sum());
        result.put("runs_missing", runsMissing.sum());
        result.put("sessions_missing", sessionsMissing.sum());
        result.put("examples", List.copyOf(examples));
        if (settings.user() != null) {
            try (Api api = new Api()) {
                long recorded = api.runs(settings.user());
                result.put("load_user", settings.user());
                result.put("load_answered", settings.answered());
                result.put("load_recorded", recorded);
                result.put("load_missing", Math.max(0, settings.answered() - recorded));
            }
        }
        return result;
    }

    private void probe(Api api, String user, long baseline) {
        try {
            HttpConnection.Response response = api.send("POST", "/run", body(user, null));
            JsonNode answer = response.status() == 200 ? JSON.readTree(response.body()) : null;
            if (answer == null || !answer.path("success").asBoolean(false) || !answer.hasNonNull("run_id")) {
                failed.increment();
                example(user + ": POST /run answered " + response.status() + " " + response.text());
                return;
            }
            answered.increment();
            String runId = answer.get("run_id").asString();
            if (api.runs(user) < 1) {
                runsMissing.increment();
                example("run " + runId + " (" + user + ") not in GET /usage right after its answer");
            }
            String session = answer.path("session_id").asString("");
            if (session.isEmpty() || api.inputTokens(session, user) <= baseline) {
                sessionsMissing.increment();
                example("session " + session + " of run " + runId + " has no history right after the answer");
            }
        } catch (IOException | RuntimeException e) {
            failed.increment();
            example(user + ": " + e);
        }
    }

    private String body(String user, String session) {
        return "{\"message\":" + JSON.writeValueAsString(settings.message()) + ",\"user_id\":" + JSON.writeValueAsString(user)
                + (session == null ? "" : ",\"session_id\":" + JSON.writeValueAsString(session)) + "}";
    }

    private void example(String text) {
        if (examples.size() < EXAMPLES) {
            examples.add(text);
        }
    }

    /** One keep-alive connection to the server. */
    private final class Api implements AutoCloseable {
        private HttpConnection connection;

        HttpConnection.Response send(String method, String path, String body) throws IOException {
            if (connection == null) {
                connection = new HttpConnection(settings.target(), Duration.ofSeconds(10), settings.timeout());
            }
            try {
                HttpConnection.Response response = connection.exchange(
                        settings.target().request(method, path, settings.apiKey(), null, body));
                if (!response.keepAlive()) {
                    close();
                }
                return response;
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        /** The answer's JSON; an answer other than 200 is an IOException naming it. */
        private JsonNode exchange(String method, String path, String body) throws IOException {
            HttpConnection.Response response = send(method, path, body);
            if (response.status() != 200) {
                throw new IOException(method + " " + path + " answered " + response.status() + ": " + response.text());
            }
            return JSON.readTree(response.body());
        }

        /** The runs the usage ledger holds for the user, from yesterday to the day after tomorrow (UTC). */
        long runs(String user) throws IOException {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            return exchange("GET", "/usage?user_id=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&from="
                    + today.minusDays(1) + "&to=" + today.plusDays(2), null).get("total").get("runs").asLong();
        }

        /** The input tokens {@code POST /estimate} counts for the message in the session (none: null). */
        long inputTokens(String session, String user) throws IOException {
            return exchange("POST", "/estimate", body(user, session)).get("input_tokens").asLong();
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }
}
