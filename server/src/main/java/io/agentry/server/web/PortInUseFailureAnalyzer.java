package io.agentry.server.web;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.Ordered;

/**
 * The HTTP port taken by another process: names the port and the settings that choose another one. Precedes
 * Spring Boot's own analyzer of the same failure, whose "configure this application to listen on another port"
 * does not say how.
 */
final class PortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PortInUseException> implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PortInUseException cause) {
        int port = cause.getPort();
        int other = port < 65535 ? port + 1 : port - 1;
        return new FailureAnalysis("Port " + port + " is in use by another process (another Agentry, perhaps).",
                "Stop that process, or start this server on another port: --server.port=" + other
                        + " or the environment variable PORT=" + other + " (--server.port=0 picks a free one).",
                cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
