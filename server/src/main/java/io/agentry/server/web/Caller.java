package io.agentry.server.web;


/**
 * Who sent a request: the API key's name, the user it is bound to (null for a service key, which may act
 * for any user) and whether it may see every user's data.
 */
public record Caller(String keyName, String boundUserId, boolean admin) {

    /**
     * The user a request acts for: a bound key acts for its user (naming another is 403); a service key
     * must name one (422 when absent).
     */
    public String actingUser(String requestedUserId) {
        boolean named = requestedUserId != null && !requestedUserId.isBlank();
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

    /** The user whose data a read concerns: a bound key reads its own; admin and service keys any. */
    public boolean maySee(String ownerUserId) {
        return admin || boundUserId == null || boundUserId.equals(ownerUserId);
    }
}
