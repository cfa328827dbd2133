package io.agentry.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArithmeticParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "17*23 | 391",
            "2 + 3 * 4 | 14",
            "(2 + 3) * 4 | 20",
            "10 / 4 | 2.5",
            "1/3 | 0.3333333333333333",
            "-3^2 | -9",
            "(-3)^2 | 9",
            "2^3^2 | 512",
            "2**10 | 1024",
            "0.1 + 0.2 | 0.3",
            "10 % 3 | 1",
            "sqrt(16) + abs(-2) | 6",
            "max(1, 7, 3) - min(4, 2) | 5",
            "round(2.5) + floor(2.7) + ceil(2.1) | 8",
            "1_000 * 3 | 3000",
            "2e3 + 1 | 2001",
            "17 × 23 | 391",
            "2^-2 | 0.25",
            "  ((((1)))) | 1",
    })
    void evaluates(String expression, String expected) throws ToolException {
        assertThat(ArithmeticParser.format(ArithmeticParser.evaluate(expression))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1/0 | division by zero",
            "2 + | expression ends unexpectedly",
            "(1 + 2 | expected ')' at end of expression",
            "1 + 2) | unexpected ')' at position 6",
            "java.lang.System.exit(0) | expected '(' at position 5",
            "foo(1) | unknown function 'foo'",
            "sqrt(-1) | square root of a negative number",
            "9^9^9 | result too large",
            "'' | empty expression",
    })
    void rejectsWithAClearMessage(String expression, String message) {
        assertThatThrownBy(() -> ArithmeticParser.evaluate(expression)).isInstanceOf(ToolException.class)
                .hasMessage(message);
    }

    @org.junit.jupiter.api.Test
    void boundsNestingAndLength() {
        assertThatThrownBy(() -> ArithmeticParser.evaluate("(".repeat(200) + "1" + ")".repeat(200)))
                .hasMessage("expression nested too deeply");
        assertThatThrownBy(() -> ArithmeticParser.evaluate("1+".repeat(600) + "1"))
                .hasMessageContaining("longer than");
        // results stay small however the input builds them: no thousand-digit answers fed to the model
        assertThatThrownBy(() -> ArithmeticParser.evaluate("1" + "/1e-1000".repeat(100)))
                .hasMessage("result too large");
        assertThatThrownBy(() -> ArithmeticParser.evaluate(String.join("*", java.util.Collections.nCopies(80, "1e-1000"))))
                .hasMessage("result too small to show exactly");
        assertThatThrownBy(() -> ArithmeticParser.evaluate("1e900 * 1e900"))
                .hasMessage("result too large");
    }
}
