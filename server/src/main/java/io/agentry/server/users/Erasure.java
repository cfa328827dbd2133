package io.agentry.server.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** What {@code DELETE /users/{user_id}} did. */
@Schema(description = "What was erased of a user's data")
record Erasure(
        @Schema(description = "The user whose data was erased")
        @JsonProperty("user_id") String userId,
        @Schema(description = "What was deleted, by kind")
        Deleted deleted,
        @Schema(description = "Queued or running tasks that were cancelled first (then deleted with the others)")
        @JsonProperty("cancelled_tasks") int cancelledTasks,
        @Schema(description = "Runs kept in the usage ledger with their figures (tokens, cost, model, agent, times) "
                + "under the pseudonym, without their session id or error text")
        @JsonProperty("anonymised_runs") int anonymisedRuns,
        @Schema(description = "The user id those runs now have in GET /usage: random, made for this erasure, not "
                + "derived from the user id", example = "erased-3b1f0c9e-8a41-4d2c-9a7e-0c5d2b6f7e11")
        String pseudonym) {

    @Schema(description = "Counts of what was deleted")
    record Deleted(
            @Schema(description = "Sessions (conversations)") int sessions,
            @Schema(description = "Messages of those sessions") long messages,
            @Schema(description = "Long-term memory items, in every namespace") @JsonProperty("memory_items") int memoryItems,
            @Schema(description = "Background tasks, with their messages, results and pending webhook deliveries") int tasks,
            @Schema(description = "Schedules") int schedules,
            @Schema(description = "Replayable event streams of the user's tasks and streamed runs")
            @JsonProperty("event_streams") int eventStreams,
            @Schema(description = "Journalled steps of the user's runs (model replies, tool arguments and results)")
            @JsonProperty("journal_steps") int journalSteps,

            @Schema(description = "LangGraph threads (with their runs and crons; their messages are the sessions')")
            @JsonProperty("langgraph_threads") int langGraphThreads,
            @Schema(description = "LangGraph assistants made through the API, with every version")
            @JsonProperty("langgraph_assistants") int langGraphAssistants) {
    }
}
