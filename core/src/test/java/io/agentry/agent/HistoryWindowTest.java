package io.agentry.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.agentry.model.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class HistoryWindowTest {

    private static final TokenCounter COUNTER = TokenCounter.forModel("offline");
    private static final ToolExecutionRequest CALL = ToolExecutionRequest.builder().id("c1").name("calculator")
            .arguments("{\"expression\":\"17*23\"}").build();

    // three turns: a plain one, one with a tool call and its result, and a plain one
    private static final List<ChatMessage> HISTORY = List.of(
            UserMessage.from("hello"), AiMessage.from("hi there"),
            UserMessage.from("what is 17*23?"), AiMessage.from(CALL), ToolExecutionResultMessage.from(CALL, "391"),
            AiMessage.from("17*23 = 391"),
            UserMessage.from("thanks"), AiMessage.from("you are welcome"));

    private static int tokens(List<ChatMessage> messages) {
        return messages.stream().mapToInt(COUNTER::countMessage).sum();
    }

    @Test
    void unlimitedSendsEverything() {
        assertThat(HistoryWindow.UNLIMITED.apply(HISTORY, COUNTER)).isEqualTo(HISTORY);
    }

    @Test
    void aMessageLimitKeepsTheNewestWholeTurns() {
        assertThat(new HistoryWindow(8, null).apply(HISTORY, COUNTER)).isEqualTo(HISTORY);
        // the last 6 messages start at the tool turn's question: kept whole
        assertThat(new HistoryWindow(6, null).apply(HISTORY, COUNTER)).isEqualTo(HISTORY.subList(2, 8));
        // the last 5 would start with the tool call, without its question: the whole turn goes
        assertThat(new HistoryWindow(5, null).apply(HISTORY, COUNTER)).isEqualTo(HISTORY.subList(6, 8));
        assertThat(new HistoryWindow(3, null).apply(HISTORY, COUNTER)).isEqualTo(HISTORY.subList(6, 8));
        // never a tool result without the call that asked for it
        assertThat(new HistoryWindow(4, null).apply(HISTORY, COUNTER).getFirst()).isInstanceOf(UserMessage.class);
    }

    @Test
    void aTokenLimitKeepsTheNewestWholeTurnsThatFit() {
        int lastTwoTurns = tokens(HISTORY.subList(2, 8));

        assertThat(new HistoryWindow(null, lastTwoTurns).apply(HISTORY, COUNTER)).isEqualTo(HISTORY.subList(2, 8));
        assertThat(new HistoryWindow(null, lastTwoTurns - 1).apply(HISTORY, COUNTER)).isEqualTo(HISTORY.subList(6, 8));
        assertThat(new HistoryWindow(null, tokens(HISTORY)).apply(HISTORY, COUNTER)).isEqualTo(HISTORY);
    }

    @Test
    void bothLimitsApply() {
        int everything = tokens(HISTORY);
        assertThat(new HistoryWindow(6, everything).apply(HISTORY, COUNTER)).isEqualTo(HISTORY.subList(2, 8));
        assertThat(new HistoryWindow(100, tokens(HISTORY.subList(6, 8))).apply(HISTORY, COUNTER))
                .isEqualTo(HISTORY.subList(6, 8));
    }

    @Test
    void whenNotEvenTheLastTurnFitsNoHistoryIsSent() {
        assertThat(new HistoryWindow(1, null).apply(HISTORY, COUNTER)).isEmpty();
        assertThat(new HistoryWindow(0, null).apply(HISTORY, COUNTER)).isEmpty();
        assertThat(new HistoryWindow(null, 5).apply(HISTORY, COUNTER)).isEmpty();
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> new HistoryWindow(-1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HistoryWindow(null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A session of {@code turns} turns, every third one with a tool call, like {@link #HISTORY}. */
    private static List<ChatMessage> session(int turns) {
        List<ChatMessage> messages = new ArrayList<>();
        for (int t = 0; t < turns; t++) {
            messages.add(UserMessage.from("question number " + t));
            if (t % 3 == 1) {
                messages.add(AiMessage.from(CALL));
                messages.add(ToolExecutionResultMessage.from(CALL, "391"));
            }
            messages.add(AiMessage.from("answer number " + t));
        }
        return List.copyOf(messages);
    }

    @Test
    void readingFromTheNewestMessagesGivesWhatTheWindowOfTheWholeHistoryIs() {
        List<HistoryWindow> windows = List.of(HistoryWindow.UNLIMITED, new HistoryWindow(0, null),
                new HistoryWindow(1, null), new HistoryWindow(5, null), new HistoryWindow(64, null),
                new HistoryWindow(200, null), new HistoryWindow(null, 0), new HistoryWindow(null, 40),
                new HistoryWindow(null, 700), new HistoryWindow(null, 5_000), new HistoryWindow(null, 100_000),
                new HistoryWindow(30, 400));
        for (int turns : List.of(0, 1, 2, 21, 22, 64, 150, 600)) {
            List<ChatMessage> whole = session(turns);
            for (HistoryWindow window : windows) {
                List<ChatMessage> read = window.read(backwards(whole, new ArrayList<>()), COUNTER);
                assertThat(read).as("%s over %d turns", window, turns).isEqualTo(window.apply(whole, COUNTER));
            }
        }
    }

    /** {@code whole} read backwards as a session store does, noting each page size asked for. */
    private static IntFunction<List<ChatMessage>> backwards(List<ChatMessage> whole, List<Integer> asked) {
        int[] end = {whole.size()};
        return n -> {
            asked.add(n);
            int start = Math.max(0, end[0] - n);
            List<ChatMessage> page = whole.subList(start, end[0]);
            end[0] = start;
            return page;
        };
    }

    @Test
    void aLongSessionIsReadOnlyAsFarBackAsItsWindowReaches() {
        List<ChatMessage> whole = session(10_000);
        HistoryWindow tokens = new HistoryWindow(null, 2_000);
        List<Integer> asked = new ArrayList<>();

        List<ChatMessage> window = tokens.read(backwards(whole, asked), COUNTER);

        assertThat(window).isEqualTo(tokens.apply(whole, COUNTER)).isNotEmpty();
        // pages of 64, 256, 1,024, ...: at most four times what the window holds, and never past its reach
        assertThat(asked.getFirst()).isEqualTo(64);
        assertThat(asked.stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(4 * window.size() + 64)
                .isLessThanOrEqualTo(2_000 / 3 + 1);

        asked.clear();
        assertThat(new HistoryWindow(20, null).read(backwards(whole, asked), COUNTER)).hasSizeLessThanOrEqualTo(20);
        assertThat(asked).containsExactly(21);
    }
}
