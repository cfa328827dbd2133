package io.agentry.server.agents;

/**
 * An enabled agent that cannot be served as configured (a model that does not exist or whose provider has no key,
 * a tool that does not exist), or a default agent that is not one of them: stops the start. Its message is what a
 * person reads ({@link AgentFailureAnalyzer}): what is wrong, then the setting that fixes it.
 */
final class MisconfiguredAgentException extends IllegalStateException {

    private final String problem;
    private final String fix;

    MisconfiguredAgentException(String problem, String fix, Throwable cause) {
        super(problem + " " + fix, cause);
        this.problem = problem;
        this.fix = fix;
    }

    String problem() {
        return problem;
    }

    String fix() {
        return fix;
    }
}
