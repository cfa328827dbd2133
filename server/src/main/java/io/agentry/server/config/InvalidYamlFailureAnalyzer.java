package io.agentry.server.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** An {@link InvalidYamlException} as start-up reports it: the file, the line and what to look at there. */
final class InvalidYamlFailureAnalyzer extends AbstractFailureAnalyzer<InvalidYamlException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidYamlException cause) {
        return new FailureAnalysis(cause.getMessage() + ".", "Correct line " + cause.line() + " of " + cause.file()
                + ": YAML nests by indentation with spaces, and the keys of one mapping start in the same column.", cause);
    }
}
