package io.agentry.server.models;

import static io.agentry.server.models.ProviderServer.json;
import static io.agentry.server.models.ProviderServer.slow;
import static io.agentry.server.models.ProviderServer.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.agentry.agent.AgentDefinition;
import io.agentry.agent.Cancellation;
import io.agentry.agent.RunResult;
import io.agentry.cost.Usage;
import io.agentry.model.TokenCounter;
import io.agentry.run.RunStatus;
import io.agentry.server.testing.FreePorts;
import io.agentry.tool.CalculatorTool;
import io.agentry.tool.CurrentTimeTool;
import io.agentry.tool.Tool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code openai:} and {@code openai-compatible:} models against the Chat Completions wire format. */
class OpenAiWireTest {

    private static final String SYSTEM_PROMPT = "You are a careful calculator.";

    private static AgentDefinition agent(String model) {
        return new AgentDefinition("support", model, SYSTEM_PROMPT, List.of("calculator", "current_time"), 5, 50_000,
                null, 4096, 0.2, Duration.ofSeconds(60), true);
    }

    static String completion(String message, String finishReason, int promptTokens, int cachedTokens, int completionTokens) {
        return """
                {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,
                 "model":"gpt-4o-mini-2024-07-18",
                 "choices":[{"index":0,"message":%s,"logprobs":null,"finish_reason":"%s"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,
                   "prompt_tokens_details":{"cached_tokens":%d,"audio_tokens":0},
                   "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,
                     "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
                 "service_tier":"default","system_fingerprint":"fp_06737a9306"}
                """.formatted(message, finishReason, promptTokens, completionTokens, promptTokens + completionTokens,
                cachedTokens);
    }

    static String text(String content) {
        return "{\"role\":\"assistant\",\"content\":\"" + content + "\",\"refusal\":null,\"annotations\":[]}";
    }

    private static final String TWO_CALCULATIONS = """
            {"role":"assistant","content":null,"refusal":null,"annotations":[],"tool_calls":[
              {"id":"call_a1","type":"function","function":{"name":"calculator","arguments":"{\\"expression\\":\\"17*23\\"}"}},
              {"id":"call_b2","type":"function","function":{"name":"calculator","arguments":"{\\"expression\\":\\"2+2\\"}"}}]}""";

    static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}],\"usage\":null}";
    }

    static String usageChunk(int prompt, int cached, int completion) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
                + (prompt + completion) + ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + ",\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}";
    }

    @Test
    void aToolCallRoundTripWithTwoCallsInOneTurn() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            f.server.enqueue(
                    json(200, completion(TWO_CALCULATIONS, "tool_calls", 180, 0, 50)),
                    json(200, completion(text("17*23 = 391 and 2+2 = 4."), "stop", 2200, 1920, 20)));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "What are 17*23 and 2+2?", false);

            assertThat(result.status()).as(result.error()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.content()).isEqualTo("17*23 = 391 and 2+2 = 4.");
            assertThat(result.toolCallsMade()).containsExactly("calculator", "calculator");
            assertThat(result.iterations()).isEqualTo(2);
            assertThat(result.model()).isEqualTo("gpt-4o-mini-2024-07-18");

            ProviderServer.Received first = f.server.request(0);
            assertThat(first.path()).isEqualTo("/v1/chat/completions");
            assertThat(first.header("Authorization")).isEqualTo("Bearer " + ModelsFixture.OPENAI_KEY);
            JsonNode body = first.json();
            assertThat(body.get("model").asString()).isEqualTo("gpt-4o-mini");
            assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
            assertThat(body.get("messages").get(0).get("role").asString()).isEqualTo("system");
            assertThat(body.get("messages").get(0).get("content").asString()).isEqualTo(SYSTEM_PROMPT);
            assertThat(body.get("messages").get(1).get("content").asString()).isEqualTo("What are 17*23 and 2+2?");
            assertThat(body.get("tools").findValuesAsString("name")).containsExactly("calculator", "current_time");
            assertThat(body.get("prompt_cache_key").asString()).isEqualTo("agentry-support");
            assertThat(body.has("max_tokens")).isFalse();
            assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(4096);

            JsonNode messages = f.server.request(1).json().get("messages");
            assertThat(messages).hasSize(5);
            JsonNode assistant = messages.get(2);
            assertThat(assistant.get("role").asString()).isEqualTo("assistant");
            assertThat(assistant.get("tool_calls").findValuesAsString("id")).containsExactly("call_a1", "call_b2");
            assertThat(messages.get(3).get("role").asString()).isEqualTo("tool");
            assertThat(messages.get(3).get("tool_call_id").asString()).isEqualTo("call_a1");
            assertThat(messages.get(3).get("content").asString()).isEqualTo("391");
            assertThat(messages.get(4).get("tool_call_id").asString()).isEqualTo("call_b2");
            assertThat(messages.get(4).get("content").asString()).isEqualTo("4");
        }
    }

    @Test
    void cachedPromptTokensArePricedAtTheCacheRateAndTheSavingsReported() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            f.server.enqueue(
                    json(200, completion(TWO_CALCULATIONS, "tool_calls", 180, 0, 50)),
                    json(200, completion(text("Done."), "stop", 2200, 1920, 20)));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "What are 17*23 and 2+2?", false);

            // prompt_tokens include the cached ones: input = 180 + (2200 - 1920), cache read = 1920
            assertThat(result.usage()).isEqualTo(new Usage(460, 70, 1920, 0));
            assertThat(result.calls().get(1).usage()).isEqualTo(new Usage(280, 20, 1920, 0));
            // gpt-4o-mini: $0.15 input, $0.075 cached, $0.60 output per million
            // call 1: 180*0.15 + 50*0.60 = 57; call 2: 280*0.15 + 1920*0.075 + 20*0.60 = 198 (micro-dollars)
            assertThat(result.calls().get(0).costUsd()).isEqualByComparingTo("0.000057");
            assertThat(result.calls().get(1).costUsd()).isEqualByComparingTo("0.000198");
            assertThat(result.costUsd()).isEqualByComparingTo("0.000255");
            // without the cache, call 2's 2200 prompt tokens at 0.15 + 12 output = 342: saved 144
            assertThat(result.cacheSavingsUsd()).isEqualByComparingTo("0.000144");
        }
    }

    @Test
    void maxTokensIsTheBudgetsRemainder() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            f.server.enqueue(json(200, completion(text("Hi."), "stop", 40, 0, 2)));
            AgentDefinition tight = new AgentDefinition("support", "openai:gpt-4o-mini", SYSTEM_PROMPT,
                    List.of("calculator", "current_time"), 5, 1_000, null, 4096, null, Duration.ofSeconds(60), true);

            f.run(tight, "hello", false);

            List<Tool> tools = List.of(new CalculatorTool(), new CurrentTimeTool(Clock.systemUTC()));
            int prompt = TokenCounter.forModel("openai:gpt-4o-mini").countRequest(
                    List.of(SystemMessage.from(SYSTEM_PROMPT), UserMessage.from("hello")),
                    tools.stream().map(Tool::specification).toList());
            JsonNode body = f.server.request(0).json();
            assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(1_000 - prompt);
            assertThat(body.has("temperature")).as("no temperature configured: the provider's default").isFalse();
        }
    }

    @Test
    void streamedDeltasArriveInOrderAndUsageComesFromTheFinalChunk() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            f.server.enqueue(sse(
                    chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null),
                    chunk("{\"content\":\"Hel\"}", null),
                    chunk("{\"content\":\"lo\"}", null),
                    chunk("{\"content\":\", wor\"}", null),
                    chunk("{\"content\":\"ld!\"}", null),
                    chunk("{}", "stop"),
                    usageChunk(1500, 1024, 4),
                    "data: [DONE]"));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "Say hello", true);

            assertThat(result.status()).as(result.error()).isEqualTo(RunStatus.COMPLETED);
            assertThat(f.tokens()).containsExactly("Hel", "lo", ", wor", "ld!");
            assertThat(result.content()).isEqualTo("Hello, world!");
            assertThat(result.usage()).isEqualTo(new Usage(476, 4, 1024, 0));
            // 476*0.15 + 1024*0.075 + 4*0.60 = 71.4 + 76.8 + 2.4 = 150.6 micro-dollars
            assertThat(result.costUsd()).isEqualByComparingTo("0.0001506");
            JsonNode body = f.server.request(0).json();
            assertThat(body.get("stream").asBoolean()).isTrue();
            assertThat(body.get("stream_options").get("include_usage").asBoolean()).isTrue();
            assertThat(body.get("prompt_cache_key").asString()).isEqualTo("agentry-support");
        }
    }

    @Test
    void streamedToolCallsOfOneTurnAreAssembledAndRun() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            f.server.enqueue(
                    sse(chunk("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_a1\","
                                    + "\"type\":\"function\",\"function\":{\"name\":\"calculator\",\"arguments\":\"\"}}]}", null),
                            chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"expression\\\"\"}}]}", null),
                            chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":\\\"6*7\\\"}\"}}]}", null),
                            chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b2\",\"type\":\"function\",\"function\":"
                                    + "{\"name\":\"calculator\",\"arguments\":\"\"}}]}", null),
                            chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"expression\\\":\\\"1+1\\\"}\"}}]}", null),
                            chunk("{}", "tool_calls"),
                            usageChunk(200, 0, 40),
                            "data: [DONE]"),
                    sse(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                            chunk("{\"content\":\"42 and 2\"}", null),
                            chunk("{}", "stop"),
                            usageChunk(260, 0, 5),
                            "data: [DONE]"));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "6*7 and 1+1?", true);

            assertThat(result.status()).as(result.error()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.toolCallsMade()).containsExactly("calculator", "calculator");
            assertThat(f.tokens()).containsExactly("42 and 2");
            JsonNode messages = f.server.request(1).json().get("messages");
            assertThat(messages.get(2).get("tool_calls").findValuesAsString("arguments"))
                    .containsExactly("{\"expression\":\"6*7\"}", "{\"expression\":\"1+1\"}");
            assertThat(messages.get(3).get("content").asString()).isEqualTo("42");
            assertThat(messages.get(4).get("content").asString()).isEqualTo("2");
            assertThat(result.usage()).isEqualTo(new Usage(460, 45, 0, 0));
        }
    }

    @Test
    void rateLimitWithRetryAfterIsWaitedOutThenSucceeds() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            f.server.enqueue(
                    json(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in organization org-x on "
                            + "tokens per min (TPM)\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}",
                            "Retry-After", "1"),
                    json(200, completion(text("Hi."), "stop", 40, 0, 2)));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "hello", false);

            assertThat(result.status()).as(result.error()).isEqualTo(RunStatus.COMPLETED);
            assertThat(f.waits).containsExactly(Duration.ofSeconds(1));
            List<ProviderServer.Received> received = f.server.received();
            assertThat(received).hasSize(2);
            assertThat(Duration.ofNanos(received.get(1).arrivedNanos() - received.get(0).arrivedNanos()))
                    .as("the retry came no sooner than Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void retryAfterMillisecondsFromOpenAiAreHonoured() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            f.server.enqueue(
                    json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
                            "retry-after-ms", "250", "Retry-After", "1"),
                    json(200, completion(text("Hi."), "stop", 40, 0, 2)));

            assertThat(f.run(agent("openai:gpt-4o-mini"), "hello", false).success()).isTrue();
            assertThat(f.waits).containsExactly(Duration.ofMillis(250));
        }
    }

    @Test
    void unauthorizedIsNotRetriedAndTheErrorNamesProviderAndStatusOnly() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            f.server.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-********6789. "
                    + "You can find your API key at https://platform.openai.com/account/api-keys.\","
                    + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "my secret question", false);

            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.retriable()).isFalse();
            assertThat(result.error()).isEqualTo("openai returned HTTP 401 (authentication failed: invalid_api_key)");
            assertThat(f.server.received()).hasSize(1);
            assertThat(f.waits).isEmpty();
        }
    }

    @Test
    void outOfQuotaIsA429ThatIsNotRetried() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            f.server.enqueue(json(429, "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan "
                    + "and billing details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}"));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "hello", false);

            assertThat(result.error()).isEqualTo("openai returned HTTP 429 (rate limited: insufficient_quota)");
            assertThat(result.retriable()).isFalse();
            assertThat(f.server.received()).hasSize(1);
        }
    }

    @Test
    void serverErrorsAreRetriedThenTheRunFailsAsRetriable() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            String error = "{\"error\":{\"message\":\"The server had an error while processing your request.\","
                    + "\"type\":\"server_error\",\"param\":null,\"code\":null}}";
            f.server.enqueue(json(500, error), json(500, error), json(500, error), json(200, completion(text("late"), "stop", 1, 0, 1)));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "hello", false);

            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.retriable()).isTrue();
            assertThat(result.error()).isEqualTo("openai returned HTTP 500 (server error) after 3 attempts");
            assertThat(f.server.received()).as("max-attempts=3, and LangChain4j made no retries of its own").hasSize(3);
            assertThat(f.waits).hasSize(2);
        }
    }

    @Test
    void aReadTimeoutIsRetriable() {
        try (ModelsFixture f = ModelsFixture.openAi(2, Duration.ofMillis(300))) {
            f.server.enqueue(
                    slow(json(200, completion(text("too late"), "stop", 1, 0, 1)), 3_000),
                    slow(json(200, completion(text("too late"), "stop", 1, 0, 1)), 3_000));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "hello", false);

            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.retriable()).isTrue();
            assertThat(result.error()).isEqualTo("openai call timed out after 2 attempts");
            assertThat(f.server.received()).hasSize(2);
        }
    }

    @Test
    void anAnswerThatStallsMidBodyTimesOut() {
        try (ModelsFixture f = ModelsFixture.openAi(1, Duration.ofMillis(300))) {
            f.server.enqueue(f.server.stalling("application/json", "{\"id\":\"chatcmpl-1\",\"object\":"));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "hello", false);

            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.retriable()).isTrue();
            assertThat(result.error()).isEqualTo("openai call timed out");
        }
    }

    @Test
    void aStreamThatGoesSilentTimesOutAndIsNotRetriedAfterShowingText() {
        try (ModelsFixture f = ModelsFixture.openAi(3, Duration.ofMillis(300))) {
            f.server.enqueue(f.server.stallingSse(chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null)));

            RunResult result = f.run(agent("openai:gpt-4o-mini"), "hello", true);

            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.retriable()).isTrue();
            assertThat(result.error()).isEqualTo("openai call timed out");
            assertThat(f.tokens()).containsExactly("Hel");
            assertThat(f.server.received()).as("text was shown: a retry would repeat it").hasSize(1);
        }
    }

    @Test
    void cancellingARunAbortsAStreamThatIsWaitingForTheProvider() {
        try (ModelsFixture f = ModelsFixture.openAi(3, Duration.ofMinutes(5))) {
            f.server.enqueue(f.server.stallingSse(chunk("{\"role\":\"assistant\",\"content\":\"Hel\"}", null)));
            Cancellation cancellation = new Cancellation();
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(
                    () -> f.run(agent("openai:gpt-4o-mini"), "hello", true, cancellation));
            await().until(() -> f.tokens().contains("Hel"));

            cancellation.cancel();

            // without the abort, the run would end only by the 5-minute read timeout, as failed
            assertThat(run.join().status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(f.server.received()).hasSize(1);
        }
    }

    @Test
    void cancellingARunAbortsACallThatIsWaitingForTheProvidersAnswer() {
        try (ModelsFixture f = ModelsFixture.openAi(3, Duration.ofMinutes(5))) {
            f.server.enqueue(slow(json(200, completion(text("late"), "stop", 1, 0, 1)), 60_000));
            Cancellation cancellation = new Cancellation();
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(
                    () -> f.run(agent("openai:gpt-4o-mini"), "hello", false, cancellation));
            await().until(() -> f.server.received().size() == 1);

            cancellation.cancel();

            assertThat(run.join().status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(f.server.received()).hasSize(1);
        }
    }

    @Test
    void anOpenAiCompatibleServerGetsThePlainFieldsAndNoKeyWhenNoneIsSet() {
        try (ModelsFixture f = ModelsFixture.compatible(null)) {
            f.server.enqueue(json(200, completion(text("Hi from llama."), "stop", 30, 0, 5)
                    .replace("gpt-4o-mini-2024-07-18", "llama3.1:8b")));

            RunResult result = f.run(agent("openai-compatible:llama3.1:8b"), "hello", false);

            assertThat(result.status()).as(result.error()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.content()).isEqualTo("Hi from llama.");
            assertThat(result.usage()).isEqualTo(new Usage(30, 5, 0, 0));
            assertThat(result.costUsd()).as("no price is known for a local model").isNull();
            ProviderServer.Received request = f.server.request(0);
            assertThat(request.header("Authorization")).isNull();
            JsonNode body = request.json();
            assertThat(body.get("model").asString()).isEqualTo("llama3.1:8b");
            assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
            assertThat(body.has("max_completion_tokens")).isFalse();
            assertThat(body.has("prompt_cache_key")).isFalse();
            assertThat(f.meters.counter(UnpricedCallCounter.METRIC, "model", "openai-compatible:llama3.1:8b").count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void aServerThatRefusesConnectionsIsARetriableConnectionError() throws Exception {
        int closedPort = FreePorts.freePort();
        try (ModelsFixture f = ModelsFixture.compatible(server -> "http://127.0.0.1:" + closedPort + "/v1", null)) {
            RunResult result = f.run(agent("openai-compatible:llama3.1:8b"), "hello", false);

            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.retriable()).isTrue();
            assertThat(result.error()).isEqualTo("openai-compatible call failed: connection error after 3 attempts");
        }
    }

    @Test
    void anOpenAiCompatibleServerGetsItsKeyWhenOneIsSet() {
        try (ModelsFixture f = ModelsFixture.compatible("vllm-token")) {
            f.server.enqueue(json(200, completion(text("ok"), "stop", 3, 0, 1)));

            f.run(agent("openai-compatible:mistral-7b"), "hello", false);

            assertThat(f.server.request(0).header("Authorization")).isEqualTo("Bearer vllm-token");
        }
    }

    @Test
    void promptCachingOffSendsNoCacheKey() {
        try (ModelsFixture f = ModelsFixture.openAi()) {
            f.server.enqueue(json(200, completion(text("ok"), "stop", 3, 0, 1)));
            AgentDefinition noCache = new AgentDefinition("support", "openai:gpt-4o-mini", SYSTEM_PROMPT, List.of(), 5,
                    50_000, null, 4096, null, Duration.ofSeconds(60), false);

            f.run(noCache, "hello", false);

            assertThat(f.server.request(0).json().has("prompt_cache_key")).isFalse();
        }
    }
}
