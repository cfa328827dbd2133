package io.agentry.server.web;


/**
 * Who sent a request: the API key's name, the user it is bound to (null for a service key, which may act
 * for any user) and whether it may see every user's data.
 */
public record Caller(String keyName, String boundUserId, boolean admin) {

    /** The longest user id a request may name (as {@code user_id} in a body or a query). */
    public static final int MAX_USER_ID = 200;

    /**
     * The user a request acts for, the one rule of every route: a bound key acts for its user (naming another
     * is 403); a service key must name one (422 when absent); a named id has at most {@link #MAX_USER_ID}
     * characters and no control characters (422).
     */
    public String actingUser(String requestedUserId) {
        boolean named = requestedUserId != null && !requestedUserId.isBlank();
        if (named) {
            validUserId(requestedUserId);
        }
        if (boundUserId != null) {
            if (named && !requestedUserId.equals(boundUserId)) {
                throw ApiException.forbidden("This API key may only act for its own user");
            }
            return boundUserId;
        }
        if (!named) {
            throw ApiException.invalid("user_id", "is required with a service key");
        }
        return requestedUserId;
    }

    /**
     * {@code userId} if it is a user id a request may name (at most {@link #MAX_USER_ID} characters, not blank, no
     * control characters), else 422 naming {@code user_id}.
     */
    public static String validUserId(String userId) {
        if (userId == null || userId.isBlank()) {
            throw ApiException.invalid("user_id", "is required");
        }
        if (userId.length() > MAX_USER_ID || userId.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid("user_id", "must be at most " + MAX_USER_ID + " characters, without control characters");
        }
        return userId;
    }

    /** The user whose data a read concerns: a bound key reads its own; admin and service keys any. */
    public boolean maySee(String ownerUserId) {
        return admin || boundUserId == null || boundUserId.equals(ownerUserId);
    }
}
