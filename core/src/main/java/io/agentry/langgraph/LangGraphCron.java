package io.agentry.langgraph;

import java.time.Instant;
import java.util.Objects;

/**
 * A LangGraph cron: what the LangGraph API keeps of it beside the Agentry schedule of the same id, which does the
 * ticking (its cron expression, zone, pause and next tick).
 *
 * @param threadId    the thread each tick's run is on; null for a stateless cron (each run on a session of its own)
 * @param schedule    the cron expression as the client gave it
 * @param payloadJson what each run is asked ({@code input}, {@code config}, ...), a JSON object as text
 * @param endTime     no run after this instant; null for none
 */
public record LangGraphCron(String cronId, String userId, String assistantId, String threadId, String schedule,
                            String payloadJson, String metadataJson, Instant endTime, Instant createdAt,
                            Instant updatedAt) {

    public LangGraphCron {
        Objects.requireNonNull(cronId, "cronId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(assistantId, "assistantId");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(payloadJson, "payloadJson");
        Objects.requireNonNull(metadataJson, "metadataJson");
    }
}
