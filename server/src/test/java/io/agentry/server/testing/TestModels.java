package io.agentry.server.testing;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.FinishReason;
import io.agentry.cost.Usage;
import io.agentry.model.ModelClient;
import io.agentry.model.ModelException;
import io.agentry.model.ModelReply;
import io.agentry.model.RetriableModelException;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Models with scripted failures for task tests, served by id through {@code ModelRegistry}:
 * <ul>
 *   <li>{@code flaky}: a message {@code "fail N <anything>"} fails with a retriable 429 (Retry-After 50 ms)
 *       on its first N calls, then answers "ok"; {@code "fatal <anything>"} fails with a non-retriable 401;</li>
 *   <li>{@code sleepy}: waits 60 s (interruptibly) before answering;</li>
 *   <li>{@code stubborn}: ignores interrupts for 4 s before answering;</li>
 *   <li>{@code gated}: waits (interruptibly, at most 60 s) until the test calls {@link #openGate} with its
 *       message, then answers "let through";</li>
 *   <li>{@code deaf}: as {@code gated}, but ignores interrupts while it waits (a run that a cancel cannot stop
 *       until the test lets it), then answers "heard at last".</li>
 *   <li>{@code stepper}: a conversation of model turns for the journal's tests. A message {@code "<tag> steps=N"}
 *       makes turn k (the k-th model call of the conversation, counted from the replies in the request) ask for the
 *       tool {@code tally} with {@code {"step": k}} until turn N answers {@code "done after N steps"}; with
 *       {@code fail=K}, the K-th call made for the message (over every attempt) fails with a retriable 429; with
 *       {@code gate=K}, turn K waits until the test opens the message's gate.</li>
 * </ul>
 * The tool {@code tally} (not idempotent) counts its executions by arguments in {@link #TALLIES}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestModels {

    public static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
    public static final Map<String, AtomicInteger> TALLIES = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

    /** Lets the {@code gated} model's calls with this message answer, those waiting now and later ones. */
    public static void openGate(String message) {
        GATES.computeIfAbsent(message, k -> new CountDownLatch(1)).countDown();
    }

    private abstract static class Scripted implements ModelClient {
        private final String id;

        Scripted(String id) {
            this.id = id;
        }

        @Override
        public String modelId() {
            return id;
        }

        static String lastUser(ChatRequest request) {
            for (int i = request.messages().size() - 1; i >= 0; i--) {
                ChatMessage m = request.messages().get(i);
                if (m instanceof UserMessage u) {
                    return u.singleText();
                }
            }
            return "";
        }

        static ModelReply ok(String text) {
            return new ModelReply(AiMessage.from(text), Usage.of(10, 2), FinishReason.STOP, "scripted");
        }
    }

    @Bean
    ModelClient flakyModel() {
        return new Scripted("flaky") {
            @Override
            public ModelReply chat(ChatRequest request, TokenSink tokens) {
                String message = lastUser(request);
                int call = CALLS.computeIfAbsent(message, k -> new AtomicInteger()).incrementAndGet();
                if (message.startsWith("fatal")) {
                    throw new ModelException("flaky", 401, "flaky returned HTTP 401");
                }
                if (message.startsWith("fail ")) {
                    int failures = Integer.parseInt(message.split(" ")[1]);
                    if (call <= failures) {
                        throw new RetriableModelException("flaky", 429, "flaky returned HTTP 429", Duration.ofMillis(50), null);
                    }
                }
                return ok("ok after " + call + " call(s)");
            }
        };
    }

    @Bean
    ModelClient sleepyModel() {
        return new Scripted("sleepy") {
            @Override
            public ModelReply chat(ChatRequest request, TokenSink tokens) throws InterruptedException {
                CALLS.computeIfAbsent(lastUser(request), k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(60_000);
                return ok("slept");
            }
        };
    }

    @Bean
    ModelClient gatedModel() {
        return new Scripted("gated") {
            @Override
            public ModelReply chat(ChatRequest request, TokenSink tokens) throws InterruptedException {
                String message = lastUser(request);
                CALLS.computeIfAbsent(message, k -> new AtomicInteger()).incrementAndGet();
                if (!GATES.computeIfAbsent(message, k -> new CountDownLatch(1)).await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the gate of \"" + message + "\" was never opened");
                }
                return ok("let through");
            }
        };
    }

    @Bean
    ModelClient deafModel() {
        return new Scripted("deaf") {
            @Override
            public ModelReply chat(ChatRequest request, TokenSink tokens) {
                String message = lastUser(request);
                CALLS.computeIfAbsent(message, k -> new AtomicInteger()).incrementAndGet();
                CountDownLatch gate = GATES.computeIfAbsent(message, k -> new CountDownLatch(1));
                long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                boolean interrupted = false;
                try {
                    while (gate.getCount() > 0) {
                        if (System.nanoTime() > until) {
                            throw new IllegalStateException("the gate of \"" + message + "\" was never opened");
                        }
                        try {
                            gate.await(until - System.nanoTime(), TimeUnit.NANOSECONDS);
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
                return ok("heard at last");
            }
        };
    }

    @Bean
    ModelClient stubbornModel() {
        return new Scripted("stubborn") {
            @Override
            public ModelReply chat(ChatRequest request, TokenSink tokens) {
                CALLS.computeIfAbsent(lastUser(request), k -> new AtomicInteger()).incrementAndGet();
                long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ignored) {
                        // this model does not care: it is what the hard time limit is for
                    }
                }
                return ok("finally");
            }
        };
    }

    @Bean
    Tool tallyTool() {
        return new Tool() {
            @Override
            public ToolSpecification specification() {
                return ToolSpecification.builder().name("tally").description("counts its calls").build();
            }

            @Override
            public String execute(ToolCall call) {
                return "tally " + call.arguments() + " #" + TALLIES.computeIfAbsent(call.arguments(),
                        k -> new AtomicInteger()).incrementAndGet();
            }
        };
    }

    @Bean
    ModelClient stepperModel() {
        return new Scripted("stepper") {
            @Override
            public ModelReply chat(ChatRequest request, TokenSink tokens) throws InterruptedException {
                String message = lastUser(request);
                int call = CALLS.computeIfAbsent(message, k -> new AtomicInteger()).incrementAndGet();
                int steps = setting(message, "steps", 1);
                int turn = 1 + (int) request.messages().stream().filter(m -> m instanceof AiMessage).count();
                if (call == setting(message, "fail", -1)) {
                    throw new RetriableModelException("stepper", 429, "stepper returned HTTP 429", Duration.ofMillis(20), null);
                }
                if (turn == setting(message, "gate", -1)
                        && !GATES.computeIfAbsent(message, k -> new CountDownLatch(1)).await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the gate of \"" + message + "\" was never opened");
                }
                if (turn < steps) {
                    return new ModelReply(AiMessage.from(List.of(ToolExecutionRequest.builder().id("call_" + turn)
                            .name("tally").arguments("{\"message\":\"" + message + "\",\"step\":" + turn + "}").build())),
                            Usage.of(10, 2), FinishReason.TOOL_EXECUTION, "stepper");
                }
                return ok("done after " + steps + " steps");
            }
        };
    }

    private static int setting(String message, String name, int fallback) {
        for (String word : message.split(" ")) {
            if (word.startsWith(name + "=")) {
                return Integer.parseInt(word.substring(name.length() + 1));
            }
        }
        return fallback;
    }
}
