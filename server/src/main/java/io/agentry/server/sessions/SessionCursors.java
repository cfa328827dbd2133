package io.agentry.server.sessions;

import io.agentry.server.web.ApiException;
import io.agentry.store.SessionInfo;
import io.agentry.store.SessionStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The cursors of the session routes. {@code GET /sessions} pages by listing position, spelt opaquely (base64url of
 * the session's creation time and id), so that a page goes on after a session that was deleted meanwhile (a
 * client deleting what it lists must not stop at the first page); a session's messages page by message id.
 */
final class SessionCursors {

    private static final String NOT_OURS = "is not a cursor from this listing (use next_cursor of the previous page)";
    private static final Pattern MESSAGE_ID = Pattern.compile("[1-9][0-9]{0,17}");

    private SessionCursors() {
    }

    static String of(SessionInfo.Position position) {
        String plain = position.createdAt() + " " + position.sessionId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The position a {@link #of} cursor names, null for none; 422 for anything else. */
    static SessionInfo.Position position(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int space = plain.indexOf(' ');
            String sessionId = space < 0 ? "" : plain.substring(space + 1);
            if (sessionId.isEmpty() || sessionId.length() > 200 || sessionId.chars().anyMatch(Character::isISOControl)) {
                throw invalid();
            }
            return new SessionInfo.Position(Instant.parse(plain.substring(0, space)), sessionId);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid();
        }
    }

    static String of(long messageId) {
        return Long.toString(messageId);
    }

    /** Where a page of messages starts: after (oldest first) or before (newest first) a message id. */
    static long messageFrom(String cursor, boolean newestFirst) {
        if (cursor == null) {
            return newestFirst ? SessionStore.NEWEST : 0;
        }
        if (!MESSAGE_ID.matcher(cursor).matches()) {
            throw invalid();
        }
        return Long.parseLong(cursor);
    }

    private static ApiException invalid() {
        return ApiException.invalid("cursor", NOT_OURS);
    }
}
