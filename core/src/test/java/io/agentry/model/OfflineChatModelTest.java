package io.agentry.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import io.agentry.tool.CalculatorTool;
import io.agentry.tool.CurrentTimeTool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OfflineChatModelTest {

    private static final OfflineChatModel INSTANT = new OfflineChatModel(OfflineModelOptions.INSTANT);

    private static ChatRequest ask(String text, boolean withTools) {
        ChatRequest.Builder builder = ChatRequest.builder().messages(UserMessage.from(text));
        if (withTools) {
            builder.toolSpecifications(new CalculatorTool().specification(),
                    new CurrentTimeTool(Clock.systemUTC()).specification());
        }
        return builder.build();
    }

    @Test
    void arithmeticBecomesACalculatorCall() {
        AiMessage reply = INSTANT.chat(ask("what is 17*23?", true)).aiMessage();
        assertThat(reply.toolExecutionRequests()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("calculator");
            assertThat(call.arguments()).isEqualTo("{\"expression\":\"17*23\"}");
        });
    }

    @Test
    void twoExpressionsBecomeTwoCallsInOneTurn() {
        AiMessage reply = INSTANT.chat(ask("what is 2+2 and 3 x 3?", true)).aiMessage();
        assertThat(reply.toolExecutionRequests()).extracting(r -> r.arguments())
                .containsExactly("{\"expression\":\"2+2\"}", "{\"expression\":\"3 * 3\"}");
    }

    private static ChatRequest askWithMemory(String text) {
        dev.langchain4j.agent.tool.ToolSpecification remember = dev.langchain4j.agent.tool.ToolSpecification.builder()
                .name("remember").build();
        dev.langchain4j.agent.tool.ToolSpecification recall = dev.langchain4j.agent.tool.ToolSpecification.builder()
                .name("recall").build();
        return ChatRequest.builder().messages(UserMessage.from(text))
                .toolSpecifications(new CalculatorTool().specification(), remember, recall).build();
    }

    @Test
    void rememberRequestsBecomeRememberCallsWithTheRestOfTheMessage() {
        assertThat(INSTANT.chat(askWithMemory("Please remember that my flight is at 7:45 \"sharp\"!")).aiMessage()
                .toolExecutionRequests()).singleElement().satisfies(call -> {
                    assertThat(call.name()).isEqualTo("remember");
                    assertThat(call.arguments()).isEqualTo("{\"text\":\"my flight is at 7:45 \\\"sharp\\\"\"}");
                });
        // remembering wins over the arithmetic in it
        assertThat(INSTANT.chat(askWithMemory("remember: 2+2 is 4.")).aiMessage().toolExecutionRequests())
                .singleElement().satisfies(call -> assertThat(call.arguments()).isEqualTo("{\"text\":\"2+2 is 4\"}"));
        // not a request to remember: no call
        assertThat(INSTANT.chat(askWithMemory("do you remember me?")).aiMessage().hasToolExecutionRequests()).isFalse();
    }

    @Test
    void questionsAboutWhatItRemembersBecomeRecallCalls() {
        assertThat(INSTANT.chat(askWithMemory("So, what do you know about my flight?")).aiMessage()
                .toolExecutionRequests()).singleElement().satisfies(call -> {
                    assertThat(call.name()).isEqualTo("recall");
                    assertThat(call.arguments()).isEqualTo("{\"query\":\"my flight\"}");
                });
        // without the memory tools the same message gets the plain reply
        assertThat(INSTANT.chat(ask("what do you remember about my flight?", true)).aiMessage().hasToolExecutionRequests())
                .isFalse();
    }

    @Test
    void timeQuestionsCallCurrentTime() {
        AiMessage reply = INSTANT.chat(ask("What time is it?", true)).aiMessage();
        assertThat(reply.toolExecutionRequests()).singleElement()
                .satisfies(call -> assertThat(call.name()).isEqualTo("current_time"));
    }

    @Test
    void withoutToolsItRepliesDeterministically() {
        ChatResponse first = INSTANT.chat(ask("what is 17*23?", false));
        ChatResponse second = INSTANT.chat(ask("what is 17*23?", false));
        assertThat(first.aiMessage().text()).isEqualTo(second.aiMessage().text())
                .startsWith("Offline model reply (message 1 of this session)");
        assertThat(first.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void remembersTheSession() {
        List<ChatMessage> history = List.of(UserMessage.from("my favourite colour is teal"),
                AiMessage.from("noted"), UserMessage.from("what did I say?"));
        String reply = INSTANT.chat(ChatRequest.builder().messages(history).build()).aiMessage().text();
        assertThat(reply).isEqualTo("Earlier you said: \"my favourite colour is teal\".");
    }

    @Test
    void reportsUsageAsCountedAndHonoursMaxTokens() {
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("tell me something long please"))
                .maxOutputTokens(4).build();
        ChatResponse response = INSTANT.chat(request);
        TokenCounter counter = TokenCounter.forModel("offline");
        assertThat(response.tokenUsage().inputTokenCount())
                .isEqualTo(counter.countRequest(request.messages(), request.toolSpecifications()));
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(4);
        assertThat(counter.count(response.aiMessage().text())).isEqualTo(4);
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void streamsTokenByTokenAtTheConfiguredPace() throws Exception {
        OfflineChatModel paced = new OfflineChatModel(new OfflineModelOptions(0, 200, 0));
        List<Long> arrivals = new ArrayList<>();
        List<String> pieces = new ArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        paced.chat(ask("héllo wörld, stream this reply ✓", false), new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                pieces.add(partial);
                arrivals.add(System.nanoTime());
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get();
        assertThat(String.join("", pieces)).isEqualTo(response.aiMessage().text());
        assertThat(pieces.size()).isGreaterThan(10);
        // paced at 200 tokens/s: the last token comes clearly after the first (not a timing bound on us)
        assertThat(arrivals.getLast() - arrivals.getFirst()).isGreaterThan((pieces.size() - 1) * 4_000_000L);
    }

    @Test
    void forcedToolRoundsComeFirst() {
        OfflineChatModel forced = new OfflineChatModel(new OfflineModelOptions(0, 0, 2));
        AiMessage reply = forced.chat(ask("hello", true)).aiMessage();
        assertThat(reply.toolExecutionRequests()).singleElement()
                .satisfies(call -> assertThat(call.name()).isEqualTo("current_time"));
    }

    @Test
    void aToolCommandCallsThatToolWithThoseArguments() {
        AiMessage reply = INSTANT.chat(ask("/tool calculator {\"expression\": \"6*7\"}", true)).aiMessage();
        assertThat(reply.toolExecutionRequests()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("calculator");
            assertThat(call.arguments()).isEqualTo("{\"expression\": \"6*7\"}");
        });
        assertThat(INSTANT.chat(ask("/tool current_time", true)).aiMessage().toolExecutionRequests())
                .singleElement().satisfies(call -> assertThat(call.arguments()).isEqualTo("{}"));
    }

    @Test
    void severalToolCommandLinesAreSeveralCallsInOneTurn() {
        AiMessage reply = INSTANT.chat(ask("/tool calculator {\"expression\": \"6*7\"}\n/tool current_time\n"
                + "/tool calculator {\"expression\": \"1+2\"}", true)).aiMessage();

        assertThat(reply.toolExecutionRequests()).extracting(r -> r.id() + " " + r.name() + " " + r.arguments())
                .containsExactly("call_command_1 calculator {\"expression\": \"6*7\"}", "call_command_2 current_time {}",
                        "call_command_3 calculator {\"expression\": \"1+2\"}");
        assertThat(INSTANT.chat(ask("/tool calculator {}\n/tool search {}", true)).aiMessage().text())
                .as("a line that cannot be called is answered, and nothing is called")
                .isEqualTo("I have no tool named search. My tools: calculator, current_time.");
    }

    @Test
    void aToolCommandTheModelCannotFollowIsAnsweredNotCalled() {
        assertThat(INSTANT.chat(ask("/tool search {}", true)).aiMessage())
                .satisfies(reply -> assertThat(reply.hasToolExecutionRequests()).isFalse())
                .extracting(AiMessage::text).isEqualTo("I have no tool named search. My tools: calculator, current_time.");
        assertThat(INSTANT.chat(ask("/tool calculator [1]", true)).aiMessage().text())
                .isEqualTo("The arguments for calculator must be a JSON object.");
        assertThat(INSTANT.chat(ask("/tool calculator {\"expression\":", true)).aiMessage().text())
                .isEqualTo("The arguments for calculator are not valid JSON.");
        assertThat(INSTANT.chat(ask("/tool calculator {}", false)).aiMessage().text())
                .isEqualTo("I have no tool named calculator. My tools: none.");
    }

    @Test
    void theAnswerToACommandedCallQuotesTheToolsResult() {
        List<ChatMessage> conversation = new ArrayList<>();
        conversation.add(UserMessage.from("/tool lookup {\"order\": 7}"));
        conversation.add(AiMessage.from(dev.langchain4j.agent.tool.ToolExecutionRequest.builder()
                .id("call_command_1").name("lookup").arguments("{\"order\": 7}").build()));
        conversation.add(dev.langchain4j.data.message.ToolExecutionResultMessage.from("call_command_1", "lookup", "shipped"));
        AiMessage answer = INSTANT.chat(ChatRequest.builder().messages(conversation)
                .toolSpecifications(dev.langchain4j.agent.tool.ToolSpecification.builder().name("lookup").build())
                .build()).aiMessage();
        assertThat(answer.text()).isEqualTo("lookup returned: shipped");
    }
}
