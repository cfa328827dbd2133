package io.agentry.server.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an {@link UnknownPropertyException} into Spring Boot's "APPLICATION FAILED TO START" report. */
final class UnknownPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertyException cause) {
        String action = cause.suggestion() == null
                ? "Remove '" + cause.property() + "' or correct its name (README.md, \"Configuration\", lists them all)."
                : "Rename '" + cause.property() + "' to '" + cause.suggestion() + "', or remove it.";
        return new FailureAnalysis(cause.getMessage(), action, cause);
    }
}
