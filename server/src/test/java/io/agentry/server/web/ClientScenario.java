package io.agentry.server.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What {@link GeneratedClientTest} asks of the client it generated from {@code /openapi.json}: each method is one
 * call (or a few) through the generated API classes, in {@code generated-client/GeneratedClientScenario.java},
 * which is compiled with the generated sources. Public, since that class lives in another class loader; answers
 * are plain values, so the test knows nothing of the generated types. A call the server refuses throws
 * {@link CallFailed}; {@link #problemOf} reads its body with the generated {@code Problem} model.
 */
public interface ClientScenario {

    record Run(String content, boolean success, String status, BigDecimal costUsd, long totalTokens, List<String> toolCalls,
               String sessionId) {
    }

    record Task(String taskId, String status, int attempts, String createdAt, String resultContent, String resultStatus) {
    }

    record Problem(int httpStatus, String type, String title, int status, String detail, String instance,
                   List<String> fields) {
    }

    /** A call the server answered with an error: the generated client's exception, as plain values. */
    final class CallFailed extends RuntimeException {
        public final int status;
        public final String body;

        public CallFailed(int status, String body, Throwable cause) {
            super("HTTP " + status + ": " + body, cause);
            this.status = status;
            this.body = body;
        }
    }

    Run runAgent(String message);

    BigDecimal estimateRun(String message);

    Task createTask(String message, String idempotencyKey);

    Task getTask(String taskId);

    List<String> listTaskIds();

    Object putMemory(String namespace, String key, Map<String, Object> value);

    Object getMemory(String namespace, String key);

    void deleteMemory(String namespace, String key);

    String createSchedule(String cron, String message);

    void deleteSchedule(String scheduleId);

    long usageRuns();

    /** GET /health, sent without a key. */
    String health();

    /** The problem {@code call} failed with, read with the generated Problem model. */
    Problem problemOf(Runnable call);
}
