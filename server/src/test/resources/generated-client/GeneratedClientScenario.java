package io.agentry.client.scenario;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.agentry.client.ApiClient;
import io.agentry.client.ApiException;
import io.agentry.client.api.HealthApi;
import io.agentry.client.api.MemoryApi;
import io.agentry.client.api.RunsApi;
import io.agentry.client.api.SchedulesApi;
import io.agentry.client.api.TasksApi;
import io.agentry.client.api.UsageApi;
import io.agentry.client.model.FieldError;
import io.agentry.client.model.PutBody;
import io.agentry.client.model.RunRequest;
import io.agentry.client.model.RunResponse;
import io.agentry.client.model.ScheduleRequest;
import io.agentry.client.model.ScheduleView;
import io.agentry.client.model.TaskView;
import io.agentry.server.web.ClientScenario;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The calls of GeneratedClientTest, written against the client openapi-generator made from /openapi.json (compiled
 * with it, not by Maven). Its object mapper refuses unknown properties: a field the server sends that the document
 * does not describe fails the call.
 */
public final class GeneratedClientScenario implements ClientScenario {

    private final ApiClient client;
    private final String userId;

    /** @param userId the user_id to send (null for a key bound to a user) */
    public GeneratedClientScenario(String baseUri, String apiKey, String userId) {
        this.userId = userId;
        client = new ApiClient();
        client.updateBaseUri(baseUri);
        client.setObjectMapper(ApiClient.createDefaultObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true));
        if (apiKey != null) {
            // the native library has no API-key support of its own: the key is a header on every request
            client.setRequestInterceptor(request -> request.header("X-Api-Key", apiKey));
        }
    }

    private interface Call<T> {
        T call() throws ApiException;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.call();
        } catch (ApiException e) {
            throw new CallFailed(e.getCode(), e.getResponseBody(), e);
        }
    }

    @Override
    public Run runAgent(String message) {
        RunResponse r = call(() -> new RunsApi(client).runAgent(new RunRequest().message(message).userId(userId)));
        return new Run(r.getContent(), r.getSuccess(), r.getStatus().getValue(), r.getCostUsd(),
                r.getUsage().getTotalTokens(), r.getToolCallsMade(), r.getSessionId());
    }

    @Override
    public BigDecimal estimateRun(String message) {
        return call(() -> new RunsApi(client).estimateRun(new RunRequest().message(message).userId(userId)))
                .getEstimatedCostUsd();
    }

    @Override
    public Task createTask(String message, String idempotencyKey) {
        return task(call(() -> new TasksApi(client).createTask(new RunRequest().message(message).userId(userId),
                idempotencyKey)));
    }

    @Override
    public Task getTask(String taskId) {
        return task(call(() -> new TasksApi(client).getTask(taskId)));
    }

    @Override
    public List<String> listTaskIds() {
        return call(() -> new TasksApi(client).listTasks(userId, null, 100, null)).getTasks().stream()
                .map(TaskView::getTaskId).toList();
    }

    @Override
    public Object putMemory(String namespace, String key, Map<String, Object> value) {
        return call(() -> new MemoryApi(client).putMemory(namespace, key, new PutBody().value(value), userId)).getValue();
    }

    @Override
    public Object getMemory(String namespace, String key) {
        return call(() -> new MemoryApi(client).getMemory(namespace, key, userId)).getValue();
    }

    @Override
    public void deleteMemory(String namespace, String key) {
        call(() -> {
            new MemoryApi(client).deleteMemory(namespace, key, userId);
            return null;
        });
    }

    @Override
    public String createSchedule(String cron, String message) {
        ScheduleView view = call(() -> new SchedulesApi(client).createSchedule(new ScheduleRequest().cron(cron)
                .message(message).userId(userId)));
        return view.getScheduleId();
    }

    @Override
    public void deleteSchedule(String scheduleId) {
        call(() -> {
            new SchedulesApi(client).deleteSchedule(scheduleId);
            return null;
        });
    }

    @Override
    public long usageRuns() {
        return call(() -> new UsageApi(client).getUsage(null, null, null, userId, null)).getTotal().getRuns();
    }

    @Override
    public String health() {
        ApiClient anonymous = new ApiClient();
        anonymous.updateBaseUri(client.getBaseUri());
        return call(() -> new HealthApi(anonymous).getHealth()).getStatus();
    }

    @Override
    public Problem problemOf(Runnable call) {
        try {
            call.run();
        } catch (CallFailed failed) {
            io.agentry.client.model.Problem p; // the generated model (ClientScenario.Problem is the plain answer)
            try {
                p = client.getObjectMapper().readValue(failed.body, io.agentry.client.model.Problem.class);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("not a Problem: " + failed.body, e);
            }
            return new Problem(failed.status, String.valueOf(p.getType()), p.getTitle(), p.getStatus(),
                    p.getDetail(), p.getInstance(),
                    p.getErrors() == null ? List.of() : p.getErrors().stream().map(FieldError::getField).toList());
        }
        throw new AssertionError("the call succeeded");
    }

    private static Task task(TaskView t) {
        RunResponse result = t.getResult();
        return new Task(t.getTaskId(), t.getStatus().getValue(), t.getAttempts(), String.valueOf(t.getCreatedAt()),
                result == null ? null : result.getContent(),
                result == null ? null : result.getStatus().getValue());
    }
}
