package io.agentry.tool;

/**
 * A tool could not do what the model asked; the message is shown to the model (and in events), so it
 * must be safe and useful to it. Not retriable by the loop: the model decides what to do next.
 */
public class ToolException extends Exception {

    public ToolException(String message) {
        super(message);
    }
}
