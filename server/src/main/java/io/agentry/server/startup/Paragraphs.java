package io.agentry.server.startup;

import org.springframework.boot.diagnostics.FailureAnalysis;

/** The paragraph a failed start prints: plain sentences on one line, without the class names of exceptions. */
final class Paragraphs {

    static final String SEE_THE_LOG = "The log (standard output) has the details.";

    private Paragraphs() {
    }

    /**
     * The analysis' description and action; without an analysis, the message of the innermost cause that has one
     * (the most specific), and where the details are.
     */
    static String of(FailureAnalysis analysis, Throwable failure) {
        if (analysis != null) {
            String action = analysis.getAction() == null ? "" : " " + sentence(analysis.getAction());
            return sentence(analysis.getDescription()) + action;
        }
        String message = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
        }
        return (message == null ? "" : sentence(message) + " ") + SEE_THE_LOG;
    }

    /** {@code text} on one line, whitespace runs as one space, ending as a sentence does. */
    static String sentence(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        if (line.isEmpty()) {
            return line;
        }
        char last = line.charAt(line.length() - 1);
        return last == '.' || last == '!' || last == '?' ? line : line + ".";
    }
}
