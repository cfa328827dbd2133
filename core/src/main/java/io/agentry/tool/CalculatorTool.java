package io.agentry.tool;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/** Built-in tool {@code calculator}: evaluates an arithmetic expression with {@link ArithmeticParser}. */
public final class CalculatorTool implements Tool {

    public static final String NAME = "calculator";

    private static final ToolSpecification SPEC = ToolSpecification.builder()
            .name(NAME)
            .description("Evaluates an arithmetic expression exactly. Supports + - * / % ^, parentheses, "
                    + "and sqrt, abs, round, floor, ceil, min, max. Example: (17*23) + 2^10")
            .parameters(JsonObjectSchema.builder()
                    .addStringProperty("expression", "the expression to evaluate")
                    .required("expression")
                    .build())
            .build();

    /** Idempotent: a computation. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public ToolSpecification specification() {
        return SPEC;
    }

    @Override
    public String execute(ToolCall call) throws ToolException {
        return ArithmeticParser.format(ArithmeticParser.evaluate(call.requiredString("expression")));
    }
}
