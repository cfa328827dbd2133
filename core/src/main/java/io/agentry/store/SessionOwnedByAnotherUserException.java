package io.agentry.store;

/** A caller named a session that another user owns. Not retriable: the caller must use another id. */
public class SessionOwnedByAnotherUserException extends RuntimeException {

    public SessionOwnedByAnotherUserException(String sessionId) {
        super("session " + sessionId + " belongs to another user");
    }
}
