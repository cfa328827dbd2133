package io.agentry.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.agent.AgentDefinition;
import io.agentry.agent.AgentLoop;
import io.agentry.agent.Cancellation;
import io.agentry.agent.RunInput;
import io.agentry.agent.RunResult;
import io.agentry.cost.PriceBook;
import io.agentry.model.LangChainModelClient;
import io.agentry.model.OfflineChatModel;
import io.agentry.model.OfflineModelOptions;
import io.agentry.model.UsageMapper;
import io.agentry.run.RunEvent;
import io.agentry.run.RunId;
import io.agentry.tool.CalculatorTool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolContext;
import io.agentry.tool.ToolException;
import io.agentry.tool.ToolRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The {@code remember} and {@code recall} tools, alone and inside agent runs of the offline model. */
class MemoryToolsTest {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    private final InMemoryMemoryStore store = new InMemoryMemoryStore();
    private final RememberTool remember = new RememberTool(store, MemoryLimits.DEFAULTS, CLOCK);
    private final RecallTool recall = new RecallTool(store, CLOCK);
    private final List<RunEvent> events = new ArrayList<>();

    @AfterAll
    static void stopTimer() {
        TIMER.shutdownNow();
    }

    private RunResult run(String user, String message, String... tools) {
        OfflineChatModel model = new OfflineChatModel(OfflineModelOptions.INSTANT);
        AgentLoop loop = new AgentLoop(id -> new LangChainModelClient("offline", "offline", model, model, UsageMapper.PLAIN),
                new ToolRegistry(List.of(new CalculatorTool(), remember, recall)), PriceBook.defaults(), TIMER);
        AgentDefinition agent = AgentDefinition.of("assistant", "offline", "You remember things.", List.of(tools));
        return loop.run(new RunInput(RunId.generate(), agent, message, List.of(), null, user, "s-" + user, false),
                events::add, new Cancellation());
    }

    private static ToolCall call(String tool, String arguments, String user) {
        return new ToolCall("c1", tool, arguments, new ToolContext("r1", user, "s1", "assistant"));
    }

    @Test
    void anAgentRemembersAndLaterRecallsForItsUserOnly() {
        RunResult remembered = run("alice", "Remember that my favourite colour is teal.", "remember", "recall", "calculator");

        assertThat(remembered.success()).isTrue();
        assertThat(remembered.toolCallsMade()).containsExactly("remember");
        assertThat(remembered.content()).isEqualTo("I will remember that.");
        List<MemoryItem> notes = store.list("alice", RememberTool.DEFAULT_NAMESPACE, null, 10, CLOCK.instant());
        assertThat(notes).singleElement().satisfies(item -> {
            assertThat(item.text()).isEqualTo("my favourite colour is teal");
            assertThat(item.valueJson()).isEqualTo("\"my favourite colour is teal\"");
            assertThat(item.key()).startsWith("my-favourite-colour-is-teal-");
        });

        RunResult recalled = run("alice", "What do you remember about my favourite colour?", "remember", "recall");
        assertThat(recalled.toolCallsMade()).containsExactly("recall");
        assertThat(recalled.content()).isEqualTo("Here is what I remember: my favourite colour is teal.");
        RunEvent.ToolFinished finished = events.stream().filter(e -> e instanceof RunEvent.ToolFinished)
                .map(e -> (RunEvent.ToolFinished) e).toList().getLast();
        assertThat(finished.result()).isEqualTo("notes/" + notes.getFirst().key() + ": my favourite colour is teal");

        RunResult bobs = run("bob", "What do you remember about my favourite colour?", "recall");
        assertThat(bobs.toolCallsMade()).containsExactly("recall");
        assertThat(bobs.content()).isEqualTo("I don't remember anything about that.");
    }

    @Test
    void rememberingTheSameTextTwiceKeepsOneItem() {
        run("alice", "remember that the wifi password is on the fridge", "remember");
        run("alice", "remember that the wifi password is on the fridge", "remember");

        assertThat(store.list("alice", "notes", null, 10, CLOCK.instant())).hasSize(1);
    }

    @Test
    void anAgentWithoutTheToolsDoesNotCallThem() {
        RunResult result = run("alice", "remember that 2+2 is 4", "calculator");

        assertThat(result.toolCallsMade()).containsExactly("calculator");
        assertThat(store.list("alice", "notes", null, 10, CLOCK.instant())).isEmpty();
    }

    @Test
    void aRunWithoutAUserHasNoMemory() {
        RunResult result = run(null, "remember that nobody is here", "remember");

        assertThat(result.success()).isTrue();
        assertThat(result.toolErrors()).isEqualTo(1);
        assertThat(result.content()).isEqualTo("I could not use remember: memory is not available: this run is not made for a user");
    }

    @Test
    void rememberTakesAnExplicitKeyAndNamespaceAndReplaces() throws Exception {
        String first = remember.execute(call("remember", "{\"text\":\"likes tea\",\"key\":\"drink\",\"namespace\":\"prefs\"}", "alice"));
        String second = remember.execute(call("remember", "{\"text\":\"likes coffee\",\"key\":\"drink\",\"namespace\":\"prefs\"}", "alice"));

        assertThat(first).isEqualTo("Remembered as prefs/drink");
        assertThat(second).isEqualTo("Remembered as prefs/drink (replacing what was stored there)");
        assertThat(store.get("alice", "prefs", "drink", CLOCK.instant()).orElseThrow().text()).isEqualTo("likes coffee");
    }

    @Test
    void recallFiltersByNamespaceAndLimits() throws Exception {
        for (int i = 0; i < 4; i++) {
            store.put("alice", i % 2 == 0 ? "work" : "home", "k" + i, "\"x\"", "project number " + i, null, CLOCK.instant());
        }

        assertThat(recall.execute(call("recall", "{\"query\":\"project\",\"limit\":3}", "alice")).lines()).hasSize(3);
        assertThat(recall.execute(call("recall", "{\"query\":\"project\",\"namespace\":\"home\"}", "alice")).lines())
                .allMatch(line -> line.startsWith("home/"))
                .hasSize(2);
        assertThat(recall.execute(call("recall", "{\"query\":\"gardening\"}", "alice")))
                .isEqualTo("No memories match \"gardening\".");
    }

    @Test
    void badArgumentsAreToolErrorsTheModelCanRead() {
        assertThatThrownBy(() -> remember.execute(call("remember", "{\"text\":\"x\",\"namespace\":\"no spaces\"}", "alice")))
                .isInstanceOf(ToolException.class)
                .hasMessage("namespace may contain only letters, digits and . _ : @ -, starting with a letter or digit");
        assertThatThrownBy(() -> remember.execute(call("remember", "{\"text\":\"" + "a".repeat(10_001) + "\"}", "alice")))
                .isInstanceOf(ToolException.class).hasMessage("text must be at most 10000 characters");
        assertThatThrownBy(() -> remember.execute(call("remember", "{}", "alice")))
                .isInstanceOf(ToolException.class).hasMessage("missing required argument 'text'");
        assertThatThrownBy(() -> recall.execute(call("recall", "{\"query\":\"x\",\"limit\":50}", "alice")))
                .isInstanceOf(ToolException.class).hasMessage("limit must be between 1 and 20");
        assertThatThrownBy(() -> recall.execute(call("recall", "{\"query\":\"x\",\"limit\":\"many\"}", "alice")))
                .isInstanceOf(ToolException.class).hasMessage("argument 'limit' must be a whole number");
    }

    @Test
    void derivedKeysAreValidForAnyText() {
        for (String text : List.of("Hello, World!", "日本語のメモ", "   ", "a".repeat(500))) {
            assertThat(MemoryLimits.keyProblem(RememberTool.keyFor(text))).isEmpty();
        }
    }
}
