package io.agentry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
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
}
