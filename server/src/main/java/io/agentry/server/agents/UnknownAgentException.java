package io.agentry.server.agents;

import io.agentry.server.web.ApiException;
import io.agentry.server.web.RequestRefusedException;

/** A request named an agent this server does not serve (or serves disabled). Not retriable. */
public class UnknownAgentException extends RequestRefusedException {

    private final String agent;

    public UnknownAgentException(String agent) {
        super("Unknown agent '" + agent + "'");
        this.agent = agent;
    }

    public String agent() {
        return agent;
    }

    @Override
    public ApiException problem() {
        return ApiException.invalid("agent", "names no agent served here: '" + agent + "'");
    }
}
