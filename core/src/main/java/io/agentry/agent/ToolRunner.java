package io.agentry.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import io.agentry.journal.FencedOutException;
import io.agentry.run.RunEvent;
import io.agentry.run.RunEventListener;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolContext;
import io.agentry.tool.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.MDC;

/**
 * Executes one turn's tool calls: a single call on the run's thread, several in parallel on virtual
 * threads. A failing tool yields an "Error: ..." result for the model and counts as an error; it never
 * fails the run. Interrupting the run's thread interrupts every tool still running.
 */
final class ToolRunner {

    static final String ERROR_PREFIX = "Error: ";

    record Outcome(List<ToolExecutionResultMessage> results, int errors) {
    }

    /**
     * Told about each call as it returns (on the thread that ran it), before the turn moves on: where its result
     * is journalled. May throw {@link FencedOutException}, which ends the turn.
     */
    @FunctionalInterface
    interface Finished {
        void finished(int index, ToolExecutionRequest request, String result, String error, long durationMs);

        Finished NONE = (index, request, result, error, durationMs) -> { };
    }

    private final RunObserver observer;

    ToolRunner(RunObserver observer) {
        this.observer = observer;
    }

    private record Single(ToolExecutionResultMessage message, boolean failed) {
    }

    Outcome runAll(List<ToolExecutionRequest> requests, List<Tool> agentTools, RunInput input, RunEventListener events)
            throws InterruptedException {
        return runAll(requests, agentTools, input, events, Finished.NONE);
    }

    /** As {@link #runAll(List, List, RunInput, RunEventListener)}, telling {@code finished} of each call as it returns. */
    Outcome runAll(List<ToolExecutionRequest> requests, List<Tool> agentTools, RunInput input, RunEventListener events,
                   Finished finished) throws InterruptedException {
        Map<String, Tool> byName = agentTools.stream().collect(Collectors.toMap(Tool::name, Function.identity()));
        ToolContext context = new ToolContext(input.runId().value(), input.userId(), input.sessionId(), input.agent().name());
        for (ToolExecutionRequest request : requests) {
            events.onEvent(new RunEvent.ToolStarted(request.id(), request.name(), request.arguments()));
        }
        // observed on the run's thread, so that each call's parent is whatever the run has current
        List<RunObserver.ToolObservation> observations = new ArrayList<>(requests.size());
        for (ToolExecutionRequest request : requests) {
            observations.add(observer.toolCall(input, request, byName.get(request.name())));
        }
        List<Single> done = new ArrayList<>(requests.size());
        if (requests.size() == 1) {
            done.add(runOne(0, requests.getFirst(), byName, context, events, observations.getFirst(), finished));
        } else {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Single>> futures = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    int index = i;
                    ToolExecutionRequest request = requests.get(i);
                    RunObserver.ToolObservation observation = observations.get(i);
                    futures.add(executor.submit(() -> {
                        if (mdc != null) {
                            MDC.setContextMap(mdc);
                        }
                        return runOne(index, request, byName, context, events, observation, finished);
                    }));
                }
                try {
                    for (Future<Single> future : futures) {
                        done.add(future.get());
                    }
                } catch (InterruptedException e) {
                    executor.shutdownNow();
                    throw e;
                } catch (ExecutionException e) {
                    executor.shutdownNow();
                    if (e.getCause() instanceof FencedOutException fenced) {
                        throw fenced;
                    }
                    throw new IllegalStateException("tool runner failed", e.getCause());
                }
            }
        }
        List<ToolExecutionResultMessage> results = new ArrayList<>(done.size());
        int errors = 0;
        for (Single single : done) {
            results.add(single.message());
            errors += single.failed() ? 1 : 0;
        }
        return new Outcome(results, errors);
    }

    private static Single runOne(int index, ToolExecutionRequest request, Map<String, Tool> byName, ToolContext context,
                                 RunEventListener events, RunObserver.ToolObservation observation, Finished finished)
            throws InterruptedException {
        long started = System.nanoTime();
        Tool tool = byName.get(request.name());
        String output = null;
        String error;
        String errorType;
        if (tool == null) {
            error = "unknown tool '" + request.name() + "'";
            errorType = RunObserver.UNKNOWN_TOOL;
        } else {
            try (RunObserver.Scope ignored = observation.makeCurrent()) {
                output = tool.execute(new ToolCall(request.id(), request.name(), request.arguments(), context));
                error = output == null ? "the tool returned nothing" : null;
                errorType = output == null ? RunObserver.NO_RESULT : null;
            } catch (InterruptedException e) {
                observation.finished(RunObserver.INTERRUPTED);
                throw e;
            } catch (ToolException e) {
                error = e.getMessage();
                errorType = RunObserver.TOOL_ERROR;
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    observation.finished(RunObserver.INTERRUPTED);
                    throw new InterruptedException();
                }
                error = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
                errorType = e.getClass().getSimpleName();
            }
        }
        observation.finished(errorType);
        String text = error == null ? output : ERROR_PREFIX + error;
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        finished.finished(index, request, text, error, durationMs);
        events.onEvent(new RunEvent.ToolFinished(request.id(), request.name(), text, error, durationMs));
        return new Single(ToolExecutionResultMessage.from(request, text), error != null);
    }
}
