package io.agentry.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import io.agentry.memory.RecallTool;
import io.agentry.memory.RememberTool;
import io.agentry.tool.CalculatorTool;
import io.agentry.tool.CurrentTimeTool;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline model's decisions: a pure function from the conversation and the offered tools to the
 * next assistant message. Deterministic: the same conversation always gets the same answer.
 *
 * <ol>
 *   <li>First, {@code toolRounds} forced rounds, each calling one cheap tool ({@code current_time} if
 *       offered, else {@code calculator} with "1+1", else the first tool with no arguments).</li>
 *   <li>Then, if the message is {@code /tool <name> <json object>} (the object may be left out), one call
 *       of that tool with those arguments, or, when no such tool is offered or the arguments are not a
 *       JSON object, an answer that says so; this rule lets a test or a new user drive any tool. A message of
 *       several such lines, one command each, makes one call per line in one turn (ids {@code call_command_1},
 *       {@code call_command_2}, ...), or an answer naming the first line that cannot be called.</li>
 *   <li>Else, if the message starts with "remember (that) ..." and {@code remember} is offered, one call
 *       of it with the rest of the message as {@code text}; else if it asks "what do you remember (or know,
 *       or recall) about X?" and {@code recall} is offered, one call of it with X as {@code query}; else
 *       if the message contains arithmetic and {@code calculator} is offered, one calculator call per
 *       expression, in one turn ("2+2 and 3*3" makes two parallel calls); else if it asks for the time or
 *       date and {@code current_time} is offered, one call of it.</li>
 *   <li>Then the answer: the tool results of that call ("17*23 = 391", "I will remember that.",
 *       "Here is what I remember: ..."), or a short reply that echoes the message and says which message
 *       of the session it is.</li>
 * </ol>
 */
final class OfflineReplies {

    static final String CALCULATOR = CalculatorTool.NAME;
    static final String CURRENT_TIME = CurrentTimeTool.NAME;
    static final String REMEMBER = RememberTool.NAME;
    static final String RECALL = RecallTool.NAME;

    private static final String NUMBER = "\\(*\\s*-?\\d+(?:[.,]\\d+)?\\s*\\)*";
    private static final Pattern EXPRESSION = Pattern.compile(
            NUMBER + "(?:\\s*(?:\\*\\*|[-+*/×÷%^x])\\s*" + NUMBER + ")+");
    private static final Pattern TIME_QUESTION = Pattern.compile(
            "\\b(time|date|today|what day|clock)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern RECALL_QUESTION = Pattern.compile(
            "what did i (just )?(say|ask|write)", Pattern.CASE_INSENSITIVE);
    private static final Pattern REMEMBER_REQUEST = Pattern.compile(
            "^\\s*(?:please\\s+)?remember(?:\\s+that)?\\s*[:,]?\\s+(.*?)[\\s.!]*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RECALL_REQUEST = Pattern.compile(
            "\\bwhat do you (?:remember|know|recall) about\\s+(.*?)[\\s?.!]*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TOOL_COMMAND = Pattern.compile("^\\s*/tool\\s+(\\S+)\\s*(.*?)\\s*$", Pattern.DOTALL);
    private static final String NO_MEMORY_PREFIX = RecallTool.NO_MATCH;
    private static final int ECHO_LIMIT = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private OfflineReplies() {
    }

    static AiMessage next(List<ChatMessage> messages, List<ToolSpecification> tools, int forcedRounds) {
        List<String> offered = tools == null ? List.of() : tools.stream().map(ToolSpecification::name).toList();
        int toolRounds = offered.isEmpty() ? 0 : forcedRounds;
        int lastUser = lastUserIndex(messages);
        String userText = lastUser >= 0 ? text((UserMessage) messages.get(lastUser)) : "";
        int roundsDone = 0;
        for (int i = lastUser + 1; i < messages.size(); i++) {
            if (messages.get(i) instanceof AiMessage ai && ai.hasToolExecutionRequests()) {
                roundsDone++;
            }
        }
        if (roundsDone < toolRounds) {
            return forcedCall(offered, roundsDone + 1);
        }
        if (roundsDone == toolRounds) {
            List<String> lines = userText.strip().lines().filter(line -> !line.isBlank()).toList();
            if (lines.size() > 1 && lines.stream().allMatch(line -> TOOL_COMMAND.matcher(line).matches())) {
                return commandedCalls(lines, offered);
            }
            Matcher command = TOOL_COMMAND.matcher(userText);
            if (command.matches()) {
                return commandedCall(command.group(1), command.group(2), offered);
            }
            List<ToolExecutionRequest> natural = naturalCalls(userText, offered);
            if (!natural.isEmpty()) {
                return AiMessage.from(natural);
            }
            return AiMessage.from(reply(messages, lastUser, userText));
        }
        return AiMessage.from(answerFromTools(messages));
    }

    private static AiMessage forcedCall(List<String> offered, int round) {
        String id = "call_forced_" + round;
        ToolExecutionRequest request;
        if (offered.contains(CURRENT_TIME)) {
            request = ToolExecutionRequest.builder().id(id).name(CURRENT_TIME).arguments("{}").build();
        } else if (offered.contains(CALCULATOR)) {
            request = ToolExecutionRequest.builder().id(id).name(CALCULATOR).arguments("{\"expression\":\"1+1\"}").build();
        } else {
            request = ToolExecutionRequest.builder().id(id).name(offered.getFirst()).arguments("{}").build();
        }
        return AiMessage.from(request);
    }

    /** One {@code /tool <name> <json>} per line: one call per line in one turn, or why the first bad line cannot be. */
    private static AiMessage commandedCalls(List<String> lines, List<String> offered) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        for (String line : lines) {
            Matcher command = TOOL_COMMAND.matcher(line);
            command.matches();
            AiMessage one = commandedCall(command.group(1), command.group(2), offered);
            if (!one.hasToolExecutionRequests()) {
                return one;
            }
            ToolExecutionRequest request = one.toolExecutionRequests().getFirst();
            calls.add(ToolExecutionRequest.builder().id("call_command_" + (calls.size() + 1)).name(request.name())
                    .arguments(request.arguments()).build());
        }
        return AiMessage.from(calls);
    }

    /** {@code /tool <name> <json>}: the call asked for, or a reply that says why it cannot be made. */
    private static AiMessage commandedCall(String tool, String arguments, List<String> offered) {
        if (!offered.contains(tool)) {
            return AiMessage.from("I have no tool named " + tool + ". My tools: "
                    + (offered.isEmpty() ? "none" : String.join(", ", offered)) + ".");
        }
        String json = arguments.isEmpty() ? "{}" : arguments;
        try {
            if (!JSON.readTree(json).isObject()) {
                return AiMessage.from("The arguments for " + tool + " must be a JSON object.");
            }
        } catch (JacksonException e) {
            return AiMessage.from("The arguments for " + tool + " are not valid JSON.");
        }
        return AiMessage.from(ToolExecutionRequest.builder().id("call_command_1").name(tool).arguments(json).build());
    }

    private static List<ToolExecutionRequest> naturalCalls(String userText, List<String> offered) {
        List<ToolExecutionRequest> calls = new ArrayList<>();
        Matcher remember = REMEMBER_REQUEST.matcher(userText);
        if (offered.contains(REMEMBER) && remember.matches() && !remember.group(1).isBlank()) {
            return List.of(call("call_remember_1", REMEMBER, "text", remember.group(1)));
        }
        Matcher recall = RECALL_REQUEST.matcher(userText);
        if (offered.contains(RECALL) && recall.find() && !recall.group(1).isBlank()) {
            return List.of(call("call_recall_1", RECALL, "query", recall.group(1)));
        }
        if (offered.contains(CALCULATOR)) {
            for (String expression : expressions(userText)) {
                calls.add(ToolExecutionRequest.builder()
                        .id("call_calc_" + (calls.size() + 1))
                        .name(CALCULATOR)
                        .arguments("{\"expression\":\"" + expression + "\"}")
                        .build());
            }
        }
        if (calls.isEmpty() && offered.contains(CURRENT_TIME) && TIME_QUESTION.matcher(userText).find()) {
            calls.add(ToolExecutionRequest.builder().id("call_time_1").name(CURRENT_TIME).arguments("{}").build());
        }
        return calls;
    }

    private static ToolExecutionRequest call(String id, String tool, String argument, String value) {
        return ToolExecutionRequest.builder().id(id).name(tool)
                .arguments(JsonNodeFactory.instance.objectNode().put(argument, value.strip()).toString())
                .build();
    }

    /** Arithmetic found in free text, normalized for the calculator ("17 x 23" becomes "17*23"). */
    static List<String> expressions(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = EXPRESSION.matcher(text);
        while (m.find()) {
            String expression = m.group().trim().replace('x', '*').replace(',', '.');
            expression = balance(expression);
            if (!expression.isEmpty()) {
                found.add(expression);
            }
        }
        return found;
    }

    /** Drops unmatched leading '(' and trailing ')' that the pattern may have taken from the prose. */
    private static String balance(String expression) {
        String e = expression;
        while (true) {
            long open = e.chars().filter(c -> c == '(').count();
            long close = e.chars().filter(c -> c == ')').count();
            if (open > close && e.startsWith("(")) {
                e = e.substring(1).trim();
            } else if (close > open && e.endsWith(")")) {
                e = e.substring(0, e.length() - 1).trim();
            } else {
                return e;
            }
        }
    }

    private static String answerFromTools(List<ChatMessage> messages) {
        List<ToolExecutionResultMessage> results = new ArrayList<>();
        for (int i = messages.size() - 1; i >= 0 && messages.get(i) instanceof ToolExecutionResultMessage r; i--) {
            results.addFirst(r);
        }
        AiMessage request = null;
        for (int i = messages.size() - 1 - results.size(); i >= 0; i--) {
            if (messages.get(i) instanceof AiMessage ai) {
                request = ai;
                break;
            }
        }
        List<String> parts = new ArrayList<>();
        for (ToolExecutionResultMessage result : results) {
            String arguments = request == null ? "" : request.toolExecutionRequests().stream()
                    .filter(r -> r.id() != null && r.id().equals(result.id()))
                    .map(ToolExecutionRequest::arguments).findFirst().orElse("");
            parts.add(describe(result, arguments));
        }
        return parts.isEmpty() ? "Done." : String.join("; ", parts);
    }

    private static String describe(ToolExecutionResultMessage result, String arguments) {
        boolean failed = Boolean.TRUE.equals(result.isError()) || result.text().startsWith("Error:");
        if (failed) {
            return "I could not use " + result.toolName() + ": " + result.text().replaceFirst("^Error:\\s*", "");
        }
        if (CALCULATOR.equals(result.toolName())) {
            Matcher m = Pattern.compile("\"expression\"\\s*:\\s*\"([^\"]*)\"").matcher(arguments);
            return m.find() ? m.group(1) + " = " + result.text() : result.text();
        }
        if (CURRENT_TIME.equals(result.toolName())) {
            return "The current time is " + result.text() + ".";
        }
        if (REMEMBER.equals(result.toolName())) {
            return "I will remember that.";
        }
        if (RECALL.equals(result.toolName())) {
            if (result.text().startsWith(NO_MEMORY_PREFIX)) {
                return "I don't remember anything about that.";
            }
            // the tool answers one memory per line, "namespace/key: text"
            List<String> memories = new ArrayList<>();
            for (String line : result.text().split("\n")) {
                int colon = line.indexOf(": ");
                memories.add(colon < 0 ? line : line.substring(colon + 2));
            }
            return "Here is what I remember: " + String.join("; ", memories) + ".";
        }
        return result.toolName() + " returned: " + result.text();
    }

    private static String reply(List<ChatMessage> messages, int lastUser, String userText) {
        long userMessages = messages.stream().filter(m -> m instanceof UserMessage).count();
        if (RECALL_QUESTION.matcher(userText).find()) {
            for (int i = lastUser - 1; i >= 0; i--) {
                if (messages.get(i) instanceof UserMessage previous) {
                    return "Earlier you said: \"" + clip(text(previous)) + "\".";
                }
            }
            return "This is the first message of our conversation.";
        }
        return "Offline model reply (message " + userMessages + " of this session). You said: \""
                + clip(userText) + "\".";
    }

    private static int lastUserIndex(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage) {
                return i;
            }
        }
        return -1;
    }

    private static String text(UserMessage message) {
        return message.hasSingleText() ? message.singleText() : message.contents().toString();
    }

    private static String clip(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= ECHO_LIMIT ? oneLine : oneLine.substring(0, ECHO_LIMIT) + "…";
    }
}
