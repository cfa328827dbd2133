package io.agentry.server.users;

import io.agentry.server.config.ConditionalOnApiRole;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.server.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /users/{user_id}}: an admin erases a user's data ({@link UserErasure}). Users are not stored as
 * such, so a user with no data is not an error: the answer says that nothing was there, and repeating an erasure
 * is harmless.
 */
@RestController
@ConditionalOnApiRole
class UserController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final UserErasure erasure;

    UserController(UserErasure erasure) {
        this.erasure = erasure;
    }

    @Operation(operationId = "eraseUser", summary = "Erase a user's data (admin key)",
            description = "Deletes the user's sessions and messages, memory, tasks (queued and running ones are cancelled "
                    + "first), schedules and the event streams of their runs; keeps their runs in the usage ledger with "
                    + "their figures under a random pseudonym. For data protection requests.")
    @ApiResponse(responseCode = "200", description = "Erased; the counts say what was there")
    @ApiResponse(responseCode = "401", description = "No API key, or an unknown one",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "403", description = "Not an admin key",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "409", description = "The user's cancelled tasks are still stopping: schedules are "
            + "deleted and tasks cancelled, nothing else yet; retry after Retry-After",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "A user id longer than 200 characters or with control characters",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class)))
    @ProblemResponses(except = HttpStatus.NOT_FOUND) // a user with nothing stored is erased too (200, zero counts)
    @DeleteMapping(path = "/users/{user_id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Erasure erase(@Parameter(description = "The user whose data to erase") @PathVariable("user_id") String userId,
                  Caller caller) {
        if (!caller.admin()) {
            throw ApiException.forbidden("Erasing a user's data needs an admin API key");
        }
        try {
            return erasure.erase(Caller.validUserId(userId));
        } catch (UserErasure.TasksStillStoppingException e) {
            throw new ApiException(HttpStatus.CONFLICT, "tasks-stopping", "Tasks Still Stopping", e.stopping()
                    + " of the user's tasks are still stopping after their cancel; schedules are deleted and tasks "
                    + "cancelled, nothing else yet. Repeat the request.", Duration.ofSeconds(5), null);
        }
    }
}
