package io.agentry.server.langgraph.threads;

import io.agentry.langgraph.LangGraphThread;
import io.agentry.langgraph.ThreadStore;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.langgraph.RunStates;
import io.agentry.server.langgraph.ThreadValues;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import io.agentry.store.SessionStore;
import io.agentry.util.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * LangGraph threads: a {@link ThreadStore} row (metadata, owner, times) beside the session of the same id, which
 * holds the messages. Another user's thread is 404, as every other user's resource is.
 */
@Service
public class Threads {

    /** What a session id may be (so a thread id is one). */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

    private final ThreadStore store;
    private final SessionStore sessions;
    private final RunStates states;
    private final ThreadValues values;
    private final LangGraphJson json;
    private final Clock clock;

    Threads(ThreadStore store, SessionStore sessions, RunStates states, ThreadValues values, LangGraphJson json, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.states = states;
        this.values = values;
        this.json = json;
        this.clock = clock;
    }

    /** The thread if the caller may see it, else 404. */
    public LangGraphThread visible(String threadId, Caller caller) {
        return store.find(threadId).filter(t -> caller.maySee(t.userId()))
                .orElseThrow(() -> ApiException.notFound("No thread " + threadId));
    }

    /**
     * Creates a thread for {@code userId} ({@code threadId} null: a new id). One that exists already is answered,
     * when it is the user's and {@code raiseIfExists} is false; else 409. So is an id taken by another user's session.
     */
    public LangGraphThread create(String threadId, String userId, Map<String, Object> metadata, boolean raiseIfExists) {
        String id = threadId == null ? Ids.timeOrdered() : checkedId(threadId);
        Instant now = clock.instant();
        LangGraphThread thread = new LangGraphThread(id, userId, json.write(metadata), now, now);
        boolean sessionOfAnother = sessions.find(id).filter(s -> !s.userId().equals(userId)).isPresent();
        if (!sessionOfAnother && store.create(thread)) {
            return thread;
        }
        Optional<LangGraphThread> existing = store.find(id);
        if (!raiseIfExists && !sessionOfAnother && existing.isPresent() && existing.get().userId().equals(userId)) {
            return existing.get();
        }
        throw conflict("Thread " + id + " already exists");
    }

    /** The user's thread for a run: the existing one (404 when absent or not theirs), or, with {@code create}, a new one. */
    public LangGraphThread forRun(String threadId, Caller caller, String userId, boolean create) {
        Optional<LangGraphThread> existing = store.find(threadId);
        if (existing.isPresent()) {
            if (!existing.get().userId().equals(userId)) {
                throw ApiException.notFound("No thread " + threadId);
            }
            return existing.get();
        }
        if (!create) {
            throw ApiException.notFound("No thread " + threadId);
        }
        return create(threadId, userId, Map.of(), false);
    }

    ThreadView view(LangGraphThread thread) {
        Map<String, Object> current = values.of(thread.threadId());
        Instant stateUpdated = sessions.find(thread.threadId()).map(s -> s.updatedAt()).orElse(thread.createdAt());
        return new ThreadView(thread.threadId(), LangGraphJson.time(thread.createdAt()),
                LangGraphJson.time(later(thread.updatedAt(), stateUpdated)), LangGraphJson.time(stateUpdated),
                json.metadata(thread.metadataJson()), states.threadStatus(thread.threadId()), current, Map.of());
    }

    String status(LangGraphThread thread) {
        return states.threadStatus(thread.threadId());
    }

    static String checkedId(String threadId) {
        if (!ID.matcher(threadId).matches()) {
            throw ApiException.invalid("thread_id", "must be 1 to 200 letters, digits or . _ : @ -");
        }
        return threadId;
    }

    static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", "Conflict", detail, null, null);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
