package io.agentry.agent;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
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

    private final RunObserver observer;

    ToolRunner(RunObserver observer) {
        this.observer = observer;
    }

    private record Single(ToolExecutionResultMessage message, boolean failed) {
    }

    Outcome runAll(List<ToolExecutionRequest> requests, List<Tool> agentTools, RunInput input, RunEventListener events)
            throws InterruptedException {
        return runAll(requests, Map.of(), agentTools, input, events);
    }

    /**
     * As {@link #runAll(List, List, RunInput, RunEventListener)}, except that the calls whose ids are in
     * {@code rejected} are not run: each is given its rejection as its result (a reviewer said no).
     */
    Outcome runAll(List<ToolExecutionRequest> requests, Map<String, String> rejected, List<Tool> agentTools,
                   RunInput input, RunEventListener events) throws InterruptedException {
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
            done.add(runOne(requests.getFirst(), rejected.get(requests.getFirst().id()), byName, context, events,
                    observations.getFirst()));
        } else {
            Map<String, String> mdc = MDC.getCopyOfContextMap();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Single>> futures = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    ToolExecutionRequest request = requests.get(i);
                    RunObserver.ToolObservation observation = observations.get(i);
                    futures.add(executor.submit(() -> {
                        if (mdc != null) {
                            MDC.setContextMap(mdc);
                        }
                        return runOne(request, rejected.get(request.id()), byName, context, events, observation);
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

    /** One call; {@code rejection}, when not null, is its result instead of running it. */
    private static Single runOne(ToolExecutionRequest request, String rejection, Map<String, Tool> byName,
                                 ToolContext context, RunEventListener events, RunObserver.ToolObservation observation)
            throws InterruptedException {
        long started = System.nanoTime();
        Tool tool = byName.get(request.name());
        String output = null;
        String error;
        String errorType;
        if (rejection != null) {
            observation.finished(RunObserver.REJECTED);
            events.onEvent(new RunEvent.ToolFinished(request.id(), request.name(), rejection, rejection, 0));
            return new Single(ToolExecutionResultMessage.from(request, rejection), false);
        }
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
        events.onEvent(new RunEvent.ToolFinished(request.id(), request.name(), text, error,
                (System.nanoTime() - started) / 1_000_000));
        return new Single(ToolExecutionResultMessage.from(request, text), error != null);
    }
}
