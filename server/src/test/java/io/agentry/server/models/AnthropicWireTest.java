package io.agentry.server.models;

import static io.agentry.server.models.ProviderServer.json;
import static io.agentry.server.models.ProviderServer.sse;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.agent.AgentDefinition;
import io.agentry.agent.RunResult;
import io.agentry.cost.Usage;
import io.agentry.run.RunStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code anthropic:} models against the Messages API wire format. */
class AnthropicWireTest {

    private static final String SYSTEM_PROMPT = "You are a careful calculator.";
    private static final String MODEL = "anthropic:claude-sonnet-4-5";

    private static AgentDefinition agent(boolean promptCaching) {
        return new AgentDefinition("support", MODEL, SYSTEM_PROMPT, List.of("calculator", "current_time"), 5, 50_000,
                null, 4096, 0.2, Duration.ofSeconds(60), promptCaching);
    }

    static String message(String content, String stopReason, int input, int cacheWrite, int cacheRead, int output) {
        return """
                {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
                 "model":"claude-sonnet-4-5-20250929","content":%s,"stop_reason":"%s","stop_sequence":null,
                 "usage":{"input_tokens":%d,"cache_creation_input_tokens":%d,"cache_read_input_tokens":%d,
                   "output_tokens":%d,"service_tier":"standard"}}
                """.formatted(content, stopReason, input, cacheWrite, cacheRead, output);
    }

    private static final String TWO_CALCULATIONS = """
            [{"type":"text","text":"I'll calculate both."},
             {"type":"tool_use","id":"toolu_01A","name":"calculator","input":{"expression":"17*23"}},
             {"type":"tool_use","id":"toolu_01B","name":"calculator","input":{"expression":"2+2"}}]""";

    static String text(String text) {
        return "[{\"type\":\"text\",\"text\":\"" + text + "\"}]";
    }

    static String event(String type, String data) {
        return "event: " + type + "\ndata: " + data;
    }

    static String messageStart(int input, int cacheWrite, int cacheRead) {
        return event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5-20250929\",\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + input + ",\"cache_creation_input_tokens\":"
                + cacheWrite + ",\"cache_read_input_tokens\":" + cacheRead + ",\"output_tokens\":1}}}");
    }

    static String textDelta(int index, String text) {
        return event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
    }

    static String blockStop(int index) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    static String messageEnd(String stopReason, int output) {
        return event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + output + "}}")
                + "\n\n" + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    @Test
    void aToolCallRoundTripWithTwoCallsInOneTurnAndCachedPromptPricedPerKind() {
        try (ModelsFixture f = ModelsFixture.anthropic()) {
            f.server.enqueue(
                    json(200, message(TWO_CALCULATIONS, "tool_use", 50, 1000, 0, 80)),
                    json(200, message(text("17*23 = 391 and 2+2 = 4."), "end_turn", 120, 0, 1000, 20)));

            RunResult result = f.run(agent(true), "What are 17*23 and 2+2?", false);

            assertThat(result.status()).as(result.error()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.content()).isEqualTo("17*23 = 391 and 2+2 = 4.");
            assertThat(result.toolCallsMade()).containsExactly("calculator", "calculator");
            assertThat(result.model()).isEqualTo("claude-sonnet-4-5-20250929");
            // input_tokens excludes the cached kinds; cache_creation is a write, cache_read a read
            assertThat(result.calls().get(0).usage()).isEqualTo(new Usage(50, 80, 0, 1000));
            assertThat(result.calls().get(1).usage()).isEqualTo(new Usage(120, 20, 1000, 0));
            // claude-sonnet-4-5: $3 input, $15 output, $0.30 cache read, $3.75 cache write per million
            // call 1: 50*3 + 1000*3.75 + 80*15 = 5100; call 2: 120*3 + 1000*0.30 + 20*15 = 960 (micro-dollars)
            assertThat(result.costUsd()).isEqualByComparingTo("0.00606");
            // without a cache: (1050*3 + 80*15) + (1120*3 + 20*15) = 4350 + 3660 = 8010; saved 8010 - 6060
            // (the write premium of call 1 is paid back by the read of call 2)
            assertThat(result.cacheSavingsUsd()).isEqualByComparingTo("0.00195");

            ProviderServer.Received first = f.server.request(0);
            assertThat(first.path()).isEqualTo("/v1/messages");
            assertThat(first.header("x-api-key")).isEqualTo(ModelsFixture.ANTHROPIC_KEY);
            assertThat(first.header("anthropic-version")).isEqualTo("2023-06-01");
            JsonNode body = first.json();
            assertThat(body.get("model").asString()).isEqualTo("claude-sonnet-4-5");
            assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);
            assertThat(body.get("temperature").asDouble()).isEqualTo(0.2);
            JsonNode system = body.get("system");
            assertThat(system.get(system.size() - 1).get("text").asString()).isEqualTo(SYSTEM_PROMPT);
            assertThat(system.get(system.size() - 1).get("cache_control").get("type").asString()).isEqualTo("ephemeral");
            JsonNode tools = body.get("tools");
            assertThat(tools.findValuesAsString("name")).containsExactly("calculator", "current_time");
            assertThat(tools.get(tools.size() - 1).get("cache_control").get("type").asString()).isEqualTo("ephemeral");

            JsonNode messages = f.server.request(1).json().get("messages");
            assertThat(messages).hasSize(3);
            JsonNode assistant = messages.get(1).get("content");
            assertThat(assistant.findValuesAsString("id")).containsExactly("toolu_01A", "toolu_01B");
            JsonNode results = messages.get(2).get("content");
            assertThat(results.get(0).get("type").asString()).isEqualTo("tool_result");
            assertThat(results.get(0).get("tool_use_id").asString()).isEqualTo("toolu_01A");
            assertThat(results.get(0).toString()).contains("391");
            assertThat(results.get(1).get("tool_use_id").asString()).isEqualTo("toolu_01B");
            assertThat(results.get(1).toString()).contains("\"4\"");
        }
    }

    @Test
    void promptCachingOffMarksNothingCacheable() {
        try (ModelsFixture f = ModelsFixture.anthropic()) {
            f.server.enqueue(json(200, message(text("Hi."), "end_turn", 30, 0, 0, 3)));

            f.run(agent(false), "hello", false);

            assertThat(f.server.request(0).json().toString()).doesNotContain("cache_control");
        }
    }

    @Test
    void streamedDeltasArriveInOrderWithCacheReadUsage() {
        try (ModelsFixture f = ModelsFixture.anthropic()) {
            f.server.enqueue(sse(
                    messageStart(25, 0, 2000),
                    event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                    event("ping", "{\"type\": \"ping\"}"),
                    textDelta(0, "Hello"),
                    textDelta(0, ", "),
                    textDelta(0, "world"),
                    textDelta(0, "!"),
                    blockStop(0),
                    messageEnd("end_turn", 15)));

            RunResult result = f.run(agent(true), "Say hello", true);

            assertThat(result.status()).as(result.error()).isEqualTo(RunStatus.COMPLETED);
            assertThat(f.tokens()).containsExactly("Hello", ", ", "world", "!");
            assertThat(result.content()).isEqualTo("Hello, world!");
            assertThat(result.usage()).isEqualTo(new Usage(25, 15, 2000, 0));
            // 25*3 + 2000*0.30 + 15*15 = 900 micro-dollars; uncached: 2025*3 + 225 = 6300
            assertThat(result.costUsd()).isEqualByComparingTo("0.0009");
            assertThat(result.cacheSavingsUsd()).isEqualByComparingTo("0.0054");
            assertThat(f.server.request(0).json().get("stream").asBoolean()).isTrue();
        }
    }

    @Test
    void streamedToolUseBlocksOfOneTurnAreAssembledAndRun() {
        try (ModelsFixture f = ModelsFixture.anthropic()) {
            f.server.enqueue(
                    sse(messageStart(60, 0, 0),
                            event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                                    + "{\"type\":\"tool_use\",\"id\":\"toolu_01A\",\"name\":\"calculator\",\"input\":{}}}"),
                            event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                                    + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"expression\\\": \\\"6*\"}}"),
                            event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                                    + "{\"type\":\"input_json_delta\",\"partial_json\":\"7\\\"}\"}}"),
                            blockStop(0),
                            event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                                    + "{\"type\":\"tool_use\",\"id\":\"toolu_01B\",\"name\":\"calculator\",\"input\":{}}}"),
                            event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                                    + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"expression\\\": \\\"1+1\\\"}\"}}"),
                            blockStop(1),
                            messageEnd("tool_use", 40)),
                    sse(messageStart(130, 0, 0),
                            event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                            textDelta(0, "42 and 2"),
                            blockStop(0),
                            messageEnd("end_turn", 6)));

            RunResult result = f.run(agent(true), "6*7 and 1+1?", true);

            assertThat(result.status()).as(result.error()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.toolCallsMade()).containsExactly("calculator", "calculator");
            assertThat(f.tokens()).containsExactly("42 and 2");
            JsonNode results = f.server.request(1).json().get("messages").get(2).get("content");
            assertThat(results.get(0).get("tool_use_id").asString()).isEqualTo("toolu_01A");
            assertThat(results.get(0).toString()).contains("42");
            assertThat(results.get(1).get("tool_use_id").asString()).isEqualTo("toolu_01B");
            assertThat(result.usage()).isEqualTo(new Usage(190, 46, 0, 0));
        }
    }

    @Test
    void rateLimitWithRetryAfterIsWaitedOutThenSucceeds() {
        try (ModelsFixture f = ModelsFixture.anthropic()) {
            f.server.enqueue(
                    json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of "
                            + "request tokens has exceeded your per-minute rate limit\"}}", "retry-after", "1"),
                    json(200, message(text("Hi."), "end_turn", 30, 0, 0, 3)));

            RunResult result = f.run(agent(true), "hello", false);

            assertThat(result.status()).as(result.error()).isEqualTo(RunStatus.COMPLETED);
            assertThat(f.waits).containsExactly(Duration.ofSeconds(1));
            List<ProviderServer.Received> received = f.server.received();
            assertThat(Duration.ofNanos(received.get(1).arrivedNanos() - received.get(0).arrivedNanos()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void overloadedIsRetried() {
        try (ModelsFixture f = ModelsFixture.anthropic()) {
            f.server.enqueue(
                    json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                    json(200, message(text("Hi."), "end_turn", 30, 0, 0, 3)));

            assertThat(f.run(agent(true), "hello", false).success()).isTrue();
            assertThat(f.server.received()).hasSize(2);
        }
    }

    @Test
    void unauthorizedIsNotRetriedAndTheErrorIsClear() {
        try (ModelsFixture f = ModelsFixture.anthropic()) {
            f.server.enqueue(json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                    + "\"message\":\"invalid x-api-key\"}}"));

            RunResult result = f.run(agent(true), "my secret question", false);

            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.retriable()).isFalse();
            assertThat(result.error()).isEqualTo("anthropic returned HTTP 401 (authentication failed)");
            assertThat(f.server.received()).hasSize(1);
        }
    }

    @Test
    void aBadRequestIsNotRetried() {
        try (ModelsFixture f = ModelsFixture.anthropic()) {
            f.server.enqueue(json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                    + "\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}"));

            RunResult result = f.run(agent(true), "hello", false);

            assertThat(result.error()).isEqualTo("anthropic returned HTTP 400 (bad request)");
            assertThat(result.retriable()).isFalse();
            assertThat(f.server.received()).hasSize(1);
        }
    }
}
