package io.agentry.langgraph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AssistantStore} must do: create once per id, keep every version numbered without gaps (also
 * under concurrent updates), switch the current version, list a user's assistants newest first, delete. A backend's
 * test extends this, supplies a store and empties it before each test.
 */
public abstract class AssistantStoreContract {

    protected abstract AssistantStore store();

    protected abstract void emptyStore();

    private final Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
    private String user;

    @BeforeEach
    void emptyStoreAndNewUser() {
        emptyStore();
        user = "user-" + UUID.randomUUID();
    }

    private AssistantRecord assistant(String user, Instant at, String name) {
        AssistantRecord first = new AssistantRecord(UUID.randomUUID().toString(), user, "default", 1, name, "a description",
                "{\"configurable\":{\"system_prompt\":\"Be brief.\"}}", "{}", "{\"team\":\"x\"}", at, at);
        assertThat(store().create(first)).isTrue();
        return first;
    }

    private AssistantRecord next(AssistantRecord a, String name, Instant at) {
        return new AssistantRecord(a.assistantId(), a.userId(), a.graphId(), 0, name, a.description(), "{\"v\":\"" + name + "\"}",
                a.contextJson(), a.metadataJson(), a.createdAt(), at);
    }

    @Test
    void anAssistantReadsBackAsCreatedAndItsIdIsTakenOnce() {
        AssistantRecord first = assistant(user, t0, "one");
        assertThat(store().find(first.assistantId())).contains(first);
        assertThat(store().create(first.asVersion(1, t0.plusSeconds(1)))).isFalse();
        assertThat(store().find(first.assistantId())).contains(first);
        assertThat(store().find("no-such-assistant")).isEmpty();
    }

    @Test
    void versionsAreNumberedInOrderTheNewestIsCurrentAndAnyCanBeMadeCurrent() {
        AssistantRecord first = assistant(user, t0, "one");
        AssistantRecord second = store().addVersion(next(first, "two", t0.plusSeconds(10))).orElseThrow();
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.createdAt()).isEqualTo(t0);
        assertThat(second.updatedAt()).isEqualTo(t0.plusSeconds(10));
        assertThat(second.userId()).isEqualTo(user);
        assertThat(store().find(first.assistantId())).contains(second);
        assertThat(store().versions(first.assistantId(), 0, 10)).extracting(AssistantRecord::version).containsExactly(2, 1);
        assertThat(store().versions(first.assistantId(), 1, 10)).containsExactly(first);
        assertThat(store().setCurrent(first.assistantId(), 1)).contains(first);
        assertThat(store().find(first.assistantId())).contains(first);
        AssistantRecord third = store().addVersion(next(first, "three", t0.plusSeconds(20))).orElseThrow();
        assertThat(third.version()).isEqualTo(3);
        assertThat(store().setCurrent(first.assistantId(), 4)).isEmpty();
        assertThat(store().addVersion(next(first, "x", t0).asVersion(0, t0)).map(AssistantRecord::version)).contains(4);
        assertThat(store().addVersion(new AssistantRecord("no-such", user, "default", 0, null, null, "{}", "{}", "{}", t0, t0)))
                .isEmpty();
    }

    @Test
    void concurrentUpdatesGetDistinctConsecutiveVersions() throws Exception {
        AssistantRecord first = assistant(user, t0, "one");
        List<Callable<Integer>> updates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "v" + i;
            updates.add(() -> store().addVersion(next(first, name, t0.plusSeconds(1))).orElseThrow().version());
        }
        List<Integer> numbers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> update : pool.invokeAll(updates)) {
                numbers.add(update.get());
            }
        }
        assertThat(numbers).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(store().versions(first.assistantId(), 0, 100)).hasSize(9);
    }

    @Test
    void aUsersAssistantsAreListedNewestFirstAndDeletedWithEveryVersion() {
        AssistantRecord older = assistant(user, t0, "older");
        AssistantRecord newer = assistant(user, t0.plusSeconds(5), "newer");
        AssistantRecord others = assistant("other-" + user, t0.plusSeconds(9), "theirs");
        AssistantRecord newerTwo = store().addVersion(next(newer, "newer two", t0.plusSeconds(30))).orElseThrow();
        assertThat(store().list(user, 0, 10)).containsExactly(newerTwo, older);
        assertThat(store().list(user, 1, 10)).containsExactly(older);
        assertThat(store().delete(newer.assistantId())).isTrue();
        assertThat(store().delete(newer.assistantId())).isFalse();
        assertThat(store().versions(newer.assistantId(), 0, 10)).isEmpty();
        assertThat(store().deleteUser(user)).isEqualTo(1);
        assertThat(store().find(older.assistantId())).isEmpty();
        assertThat(store().find(others.assistantId())).contains(others);
    }
}
