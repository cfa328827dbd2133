package io.agentry.server.tools.plugins;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.exception.ToolArgumentsException;
import dev.langchain4j.exception.ToolExecutionException;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import io.agentry.tool.Tool;
import io.agentry.tool.ToolCall;
import io.agentry.tool.ToolContext;
import io.agentry.tool.ToolException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * One LangChain4j {@code @Tool} method of a plugin class, called through LangChain4j's {@link DefaultToolExecutor}
 * (which turns the JSON arguments into the method's parameters and its return value into text: a String as it
 * is, {@code void} as "Success", anything else as JSON). Besides its arguments, the method may take
 * {@code InvocationParameters}, which hold {@code run_id}, {@code user_id}, {@code session_id} and {@code agent}, or a
 * {@code @ToolMemoryId} parameter, which is given the session id. Arguments that do not fit the parameters are a
 * {@link ToolException}; what the method throws is thrown on, so it counts under its own class, as a tool
 * implementation's exception does.
 */
final class AnnotatedTool implements Tool {

    private final ToolSpecification specification;
    private final DefaultToolExecutor executor;

    AnnotatedTool(ToolSpecification specification, Object instance, Method method) {
        this.specification = specification;
        this.executor = DefaultToolExecutor.builder().object(instance).originalMethod(method).methodToInvoke(method)
                .wrapToolArgumentsExceptions(true).propagateToolExecutionExceptions(true).build();
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public String execute(ToolCall call) throws Exception {
        ToolExecutionRequest request = ToolExecutionRequest.builder().id(call.id()).name(call.name())
                .arguments(call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments()).build();
        ToolContext context = call.context();
        Map<String, Object> parameters = new HashMap<>();
        if (context != null) {
            parameters.put("run_id", context.runId());
            parameters.put("user_id", context.userId());
            parameters.put("session_id", context.sessionId());
            parameters.put("agent", context.agent());
        }
        InvocationContext invocation = InvocationContext.builder()
                .chatMemoryId(context == null ? null : context.sessionId())
                .invocationParameters(InvocationParameters.from(parameters))
                .build();
        try {
            return executor.executeWithContext(request, invocation).resultText();
        } catch (ToolArgumentsException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ToolException("invalid arguments: " + (cause.getMessage() == null
                    ? cause.getClass().getSimpleName() : cause.getMessage()));
        } catch (ToolExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
