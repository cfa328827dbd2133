package io.agentry.server.sessions;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentry.store.SessionInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** What the session routes answer. */
final class SessionViews {

    private SessionViews() {
    }

    @Schema(description = "A conversation: the history that runs naming its session_id continue")
    record SessionView(
            @Schema(description = "The session's id, as runs name it in session_id")
            @JsonProperty("session_id") String sessionId,
            @Schema(description = "The user who started it: only they (and admin keys) can read, continue or delete it")
            @JsonProperty("user_id") String userId,
            @Schema(description = "When its first messages were stored")
            @JsonProperty("created_at") Instant createdAt,
            @Schema(description = "When messages were last added to it (the end of its latest completed run)")
            @JsonProperty("updated_at") Instant updatedAt,
            @Schema(description = "How many messages it holds (user, assistant and tool messages)")
            @JsonProperty("message_count") long messageCount) {

        static SessionView of(SessionInfo s) {
            return new SessionView(s.sessionId(), s.userId(), s.createdAt(), s.updatedAt(), s.messageCount());
        }
    }

    @Schema(description = "A page of sessions, newest first")
    record SessionPage(
            @Schema(description = "At most limit sessions, the most recently started first") List<SessionView> sessions,
            @Schema(description = "Pass as cursor to get the next page; null on the last page", nullable = true)
            @JsonProperty("next_cursor") String nextCursor) {
    }

    @Schema(description = "A session with a page of its messages")
    record SessionDetail(
            @Schema(description = "The session's id, as runs name it in session_id")
            @JsonProperty("session_id") String sessionId,
            @Schema(description = "The user who started it")
            @JsonProperty("user_id") String userId,
            @Schema(description = "When its first messages were stored")
            @JsonProperty("created_at") Instant createdAt,
            @Schema(description = "When messages were last added to it")
            @JsonProperty("updated_at") Instant updatedAt,
            @Schema(description = "How many messages it holds in all (this page shows at most limit of them)")
            @JsonProperty("message_count") long messageCount,
            @Schema(description = "At most limit messages, oldest first (newest first with order=desc)")
            List<MessageView> messages,
            @Schema(description = "Pass as cursor (with the same order) to get the next page; null on the last page",
                    nullable = true)
            @JsonProperty("next_cursor") String nextCursor) {
    }
}
