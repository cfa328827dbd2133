package io.agentry.server.agents;

/** A request named an agent this server does not serve (or serves disabled). Not retriable. */
public class UnknownAgentException extends RuntimeException {

    private final String agent;

    public UnknownAgentException(String agent) {
        super("unknown agent '" + agent + "'");
        this.agent = agent;
    }

    public String agent() {
        return agent;
    }
}
