package io.agentry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** What every {@link SessionStore} must do. A backend's test extends this and supplies a fresh store. */
public abstract class SessionStoreContract {

    protected abstract SessionStore store();

    /** The whole session, oldest first. */
    private List<ChatMessage> whole(String session, String user) {
        return store().historyBefore(session, user, SessionStore.NEWEST, Integer.MAX_VALUE).messages();
    }

    /** {@code turns} questions and answers, oldest first. */
    protected static List<ChatMessage> conversation(int turns) {
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            messages.add(UserMessage.from("q" + i));
            messages.add(AiMessage.from("a" + i));
        }
        return messages;
    }

    @Test
    void newSessionHasNoHistory() {
        assertThat(whole(UUID.randomUUID().toString(), "alice")).isEmpty();
    }

    @Test
    void appendedMessagesComeBackInOrderWithToolCalls() {
        String session = UUID.randomUUID().toString();
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("c1").name("calculator")
                .arguments("{\"expression\":\"17*23\"}").build();
        List<ChatMessage> first = List.of(UserMessage.from("what is 17*23?"), AiMessage.from(call),
                ToolExecutionResultMessage.from(call, "391"), AiMessage.from("17*23 = 391"));
        store().append(session, "alice", first);
        store().append(session, "alice", List.of(UserMessage.from("and again?"), AiMessage.from("yes")));

        List<ChatMessage> history = whole(session, "alice");
        assertThat(history).hasSize(6);
        assertThat(history.subList(0, 4)).isEqualTo(first);
        assertThat(((UserMessage) history.get(4)).singleText()).isEqualTo("and again?");
    }

    @Test
    void readingBackwardsGivesPagesFromTheNewestMessageToTheFirstWithoutRepeatsOrGaps() {
        String session = UUID.randomUUID().toString();
        List<ChatMessage> messages = conversation(5);
        store().append(session, "alice", messages.subList(0, 6));
        store().append(session, "alice", messages.subList(6, 10));

        IntFunction<List<ChatMessage>> backwards = store().backwards(session, "alice");
        assertThat(backwards.apply(3)).isEqualTo(messages.subList(7, 10));
        // appended meanwhile: not part of the pages further back
        store().append(session, "alice", List.of(UserMessage.from("later"), AiMessage.from("much later")));
        assertThat(backwards.apply(4)).isEqualTo(messages.subList(3, 7));
        assertThat(backwards.apply(0)).isEmpty();
        assertThat(backwards.apply(10)).as("the first messages, fewer than asked").isEqualTo(messages.subList(0, 3));
        assertThat(backwards.apply(10)).isEmpty();

        assertThat(store().historyBefore(session, "alice", SessionStore.NEWEST, 2).messages())
                .extracting(m -> m instanceof UserMessage u ? u.singleText() : ((AiMessage) m).text())
                .containsExactly("later", "much later");
        assertThat(store().historyBefore(UUID.randomUUID().toString(), "alice", SessionStore.NEWEST, 3).messages()).isEmpty();
        assertThatThrownBy(() -> store().historyBefore(session, "mallory", SessionStore.NEWEST, 3))
                .isInstanceOf(SessionOwnedByAnotherUserException.class);
        assertThatThrownBy(() -> store().backwards(session, "mallory").apply(0))
                .isInstanceOf(SessionOwnedByAnotherUserException.class);
    }

    @Test
    void anotherUserCanNeitherReadNorExtendASession() {
        String session = UUID.randomUUID().toString();
        store().append(session, "alice", List.of(UserMessage.from("secret")));

        assertThatThrownBy(() -> whole(session, "mallory"))
                .isInstanceOf(SessionOwnedByAnotherUserException.class);
        assertThatThrownBy(() -> store().append(session, "mallory", List.of(UserMessage.from("hi"))))
                .isInstanceOf(SessionOwnedByAnotherUserException.class);
        assertThat(whole(session, "alice")).hasSize(1);
    }

    @Test
    void concurrentAppendsLoseNothing() throws Exception {
        String session = UUID.randomUUID().toString();
        int writers = 8;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                futures.add(pool.submit(() -> store().append(session, "alice",
                        List.of(UserMessage.from("q" + n), AiMessage.from("a" + n)))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        List<ChatMessage> history = whole(session, "alice");
        assertThat(history).hasSize(2 * writers);
        for (int i = 0; i < history.size(); i += 2) {
            String q = ((UserMessage) history.get(i)).singleText();
            assertThat(((AiMessage) history.get(i + 1)).text()).isEqualTo("a" + q.substring(1));
        }
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    private SessionInfo started(String user) {
        String session = UUID.randomUUID().toString();
        store().append(session, user, conversation(1));
        return store().find(session).orElseThrow();
    }

    @Test
    void aSessionIsFoundWithItsOwnerTimesAndMessageCount() {
        String session = UUID.randomUUID().toString();
        store().append(session, "alice", conversation(2));
        SessionInfo first = store().find(session).orElseThrow();
        store().append(session, "alice", conversation(1));

        SessionInfo info = store().find(session).orElseThrow();
        assertThat(info.sessionId()).isEqualTo(session);
        assertThat(info.userId()).isEqualTo("alice");
        assertThat(info.messageCount()).isEqualTo(6);
        assertThat(info.createdAt()).isEqualTo(first.createdAt());
        assertThat(info.updatedAt()).isAfterOrEqualTo(first.updatedAt()).isAfterOrEqualTo(info.createdAt());
        assertThat(store().find(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void listingsAreNewestFirstPerUserOrForEveryUserAndPagesGoOnAfterADeletedSession() {
        String alice = newUser();
        String bob = newUser();
        List<SessionInfo> alices = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alices.add(started(alice));
        }
        SessionInfo bobs = started(bob);
        Comparator<SessionInfo> newestFirst = Comparator.comparing(SessionInfo::createdAt)
                .thenComparing(SessionInfo::sessionId).reversed();
        List<String> expected = alices.stream().sorted(newestFirst).map(SessionInfo::sessionId).toList();

        List<SessionInfo> page1 = store().list(alice, null, 2);
        assertThat(page1).extracting(SessionInfo::sessionId).isEqualTo(expected.subList(0, 2));
        assertThat(page1.getFirst().messageCount()).isEqualTo(2);
        assertThat(page1.getFirst().userId()).isEqualTo(alice);
        store().delete(page1.getLast().sessionId());
        List<SessionInfo> page2 = store().list(alice, page1.getLast().position(), 2);
        assertThat(page2).extracting(SessionInfo::sessionId).isEqualTo(expected.subList(2, 4));
        assertThat(store().list(alice, page2.getLast().position(), 2)).extracting(SessionInfo::sessionId)
                .isEqualTo(expected.subList(4, 5));

        // every user's, in the same order (other tests' sessions may be among them)
        List<String> mine = List.of(alice, bob);
        List<SessionInfo> all = new ArrayList<>();
        SessionInfo.Position after = null;
        for (List<SessionInfo> page; !(page = store().list(null, after, 3)).isEmpty(); after = page.getLast().position()) {
            assertThat(page).hasSizeLessThanOrEqualTo(3);
            page.stream().filter(s -> mine.contains(s.userId())).forEach(all::add);
        }
        List<String> expectedAll = new ArrayList<>(expected);
        expectedAll.remove(page1.getLast().sessionId());
        expectedAll.add(bobs.sessionId());
        assertThat(all).isSortedAccordingTo(newestFirst);
        assertThat(all).extracting(SessionInfo::sessionId).containsExactlyInAnyOrderElementsOf(expectedAll);
    }

    @Test
    void messagesArePagedByIdOldestOrNewestFirst() {
        String session = UUID.randomUUID().toString();
        List<ChatMessage> messages = conversation(3);
        store().append(session, "alice", messages.subList(0, 4));
        store().append(session, "alice", messages.subList(4, 6));

        List<SessionMessage> all = store().messages(session, 0, false, 100);
        assertThat(all).extracting(SessionMessage::message).isEqualTo(messages);
        assertThat(all).extracting(SessionMessage::id).isSorted().doesNotHaveDuplicates();
        assertThat(all).allSatisfy(m -> assertThat(m.createdAt()).isNotNull());

        List<SessionMessage> first = store().messages(session, 0, false, 4);
        assertThat(first).isEqualTo(all.subList(0, 4));
        assertThat(store().messages(session, first.getLast().id(), false, 4)).isEqualTo(all.subList(4, 6));
        assertThat(store().messages(session, all.getLast().id(), false, 4)).isEmpty();

        List<SessionMessage> newest = store().messages(session, SessionStore.NEWEST, true, 4);
        assertThat(newest).isEqualTo(all.subList(2, 6).reversed());
        assertThat(store().messages(session, newest.getLast().id(), true, 4)).isEqualTo(all.subList(0, 2).reversed());
        assertThat(store().messages(UUID.randomUUID().toString(), 0, false, 4)).isEmpty();
    }

    @Test
    void aDeletedSessionIsGoneWithItsMessagesAndItsIdIsFreeAgain() {
        String session = UUID.randomUUID().toString();
        store().append(session, "alice", conversation(2));

        assertThat(store().delete(session)).isTrue();
        assertThat(store().delete(session)).isFalse();
        assertThat(store().find(session)).isEmpty();
        assertThat(store().messages(session, 0, false, 10)).isEmpty();
        assertThat(whole(session, "mallory")).isEmpty();
        store().append(session, "mallory", List.of(UserMessage.from("mine now")));
        assertThat(store().find(session).orElseThrow().messageCount()).isEqualTo(1);
    }

    @Test
    void deletingAUsersSessionsLeavesEveryOtherUsersAlone() {
        String erased = newUser();
        String kept = newUser();
        started(erased);
        String second = UUID.randomUUID().toString();
        store().append(second, erased, conversation(3));
        SessionInfo other = started(kept);

        assertThat(store().deleteUser(erased)).isEqualTo(new SessionStore.Erased(2, 8));
        assertThat(store().list(erased, null, 10)).isEmpty();
        assertThat(store().messages(second, 0, false, 10)).isEmpty();
        assertThat(store().find(other.sessionId())).contains(other);
        assertThat(store().messages(other.sessionId(), 0, false, 10)).hasSize(2);
        assertThat(store().deleteUser(erased)).isEqualTo(new SessionStore.Erased(0, 0));
    }
}
