package io.agentry.server.sessions;

import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.sessions.SessionViews.SessionDetail;
import io.agentry.server.sessions.SessionViews.SessionPage;
import io.agentry.server.sessions.SessionViews.SessionView;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.Page;
import io.agentry.store.SessionInfo;
import io.agentry.store.SessionMessage;
import io.agentry.store.SessionStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Conversations: {@code GET /sessions} (paged, newest first), {@code GET /sessions/{id}} (with its messages, paged)
 * and {@code DELETE /sessions/{id}}. The caller's own sessions only, as for every resource: a key bound to a user
 * sees that user's, a service key names the user, an admin key sees everyone's (or one user's with
 * {@code user_id}); another user's session is indistinguishable from a missing one (404). ({@code POST /run}
 * naming another user's session answers 403 instead: a run would write into an id that is taken, and the
 * client must choose another.)
 */
@RestController
@ConditionalOnApiRole
class SessionController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final SessionStore sessions;

    SessionController(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Operation(operationId = "listSessions", summary = "The caller's sessions, newest first",
            description = "A key bound to a user lists that user's sessions; a service key must name user_id; an admin "
                    + "key lists every user's, or one user's with user_id.")
    @ApiResponse(responseCode = "200", description = "A page of sessions")
    @ApiResponse(responseCode = "401", description = "No API key, or an unknown one",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "A key bound to a user named another user_id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "A bad limit, cursor or user_id, or a service key without user_id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
    SessionPage list(Caller caller,
                     @Parameter(description = "Only this user's sessions; required with a service key, implied by a "
                             + "bound key, optional with an admin key")
                     @RequestParam(name = "user_id", required = false) String userId,
                     @Parameter(description = "Page size, 1 to 100 (default 20)")
                     @RequestParam(required = false) Integer limit,
                     @Parameter(description = "next_cursor of the previous page")
                     @RequestParam(required = false) String cursor) {
        // an admin key sees every user's sessions unless it names one; any other key acts for one user
        String user = caller.admin() && (userId == null || userId.isBlank()) ? null : caller.actingUser(userId);
        int size = Page.limit(limit, Page.DEFAULT_LIMIT);
        Page<SessionInfo> page = Page.of(sessions.list(user, SessionCursors.position(cursor), size + 1), size);
        return new SessionPage(page.items().stream().map(SessionView::of).toList(),
                page.more() ? SessionCursors.of(page.items().getLast().position()) : null);
    }

    @Operation(operationId = "getSession", summary = "A session and a page of its messages, oldest first")
    @ApiResponse(responseCode = "200", description = "The session and a page of its messages")
    @ApiResponse(responseCode = "401", description = "No API key, or an unknown one",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such session, or another user's",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "A bad limit, cursor or order",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/sessions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    SessionDetail get(@Parameter(description = "The session's id") @PathVariable String id, Caller caller,
                      @Parameter(description = "Messages per page, 1 to 100 (default 20)")
                      @RequestParam(required = false) Integer limit,
                      @Parameter(description = "next_cursor of the previous page")
                      @RequestParam(required = false) String cursor,
                      @Parameter(description = "asc: oldest first (the default); desc: newest first",
                              schema = @Schema(allowableValues = {"asc", "desc"}))
                      @RequestParam(required = false) String order) {
        SessionInfo session = visible(id, caller);
        boolean newestFirst = newestFirst(order);
        int size = Page.limit(limit, Page.DEFAULT_LIMIT);
        List<SessionMessage> fetched = sessions.messages(id, SessionCursors.messageFrom(cursor, newestFirst), newestFirst,
                size + 1);
        Page<SessionMessage> page = Page.of(fetched, size);
        return new SessionDetail(session.sessionId(), session.userId(), session.createdAt(), session.updatedAt(),
                session.messageCount(), page.items().stream().map(MessageView::of).toList(),
                page.more() ? SessionCursors.of(page.items().getLast().id()) : null);
    }

    @Operation(operationId = "deleteSession", summary = "Delete a session and its messages",
            description = "The session's runs stay in the usage ledger. A run of the session that is still going adds "
                    + "its turn when it completes, starting the session afresh.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "401", description = "No API key, or an unknown one",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "No such session (already deleted, say), or another user's",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @DeleteMapping(path = "/sessions/{id}")
    ResponseEntity<Void> delete(@Parameter(description = "The session's id") @PathVariable String id, Caller caller) {
        visible(id, caller);
        if (!sessions.delete(id)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private SessionInfo visible(String id, Caller caller) {
        return sessions.find(id).filter(s -> caller.maySee(s.userId())).orElseThrow(() -> notFound(id));
    }

    private static boolean newestFirst(String order) {
        if (order == null || order.equals("asc")) {
            return false;
        }
        if (order.equals("desc")) {
            return true;
        }
        throw ApiException.invalid("order", "must be asc or desc");
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("No session " + id);
    }
}
