package io.agentry.server.langgraph;

import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;

/**
 * Who a LangGraph request acts for. The SDK sends no user id, so: a key bound to a user acts for that user; a
 * service or admin key names the user in the {@value #HEADER} header (the SDK's {@code defaultHeaders}), and
 * without it is refused with 422, exactly as {@code user_id} is on Agentry's own routes ({@link Caller#actingUser}).
 * Reads of one resource by id follow {@link Caller#maySee} (admin and service keys see any user's); searches and
 * lists are of the acting user's resources only.
 */
public final class LangGraphUsers {

    /** The header a service or admin key names the acting user in. */
    public static final String HEADER = "X-Agentry-User-Id";

    private LangGraphUsers() {
    }

    /** The user the request acts for, from the key and the {@value #HEADER} header (null when absent). */
    public static String acting(Caller caller, String headerUserId) {
        boolean named = headerUserId != null && !headerUserId.isBlank();
        if (!named && caller.boundUserId() == null) {
            throw ApiException.invalid(HEADER, "is required with a service or admin key: name the user the request acts for");
        }
        return caller.actingUser(headerUserId);
    }
}
