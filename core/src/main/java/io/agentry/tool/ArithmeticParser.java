package io.agentry.tool;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recursive-descent parser and evaluator for arithmetic; no script engine, no reflection, nothing
 * but numbers. Sums, differences and products are exact ({@link BigDecimal}); quotients and roots are
 * rounded to 16 significant digits. Input size, nesting and result size are bounded so that a hostile
 * expression cannot exhaust the server.
 *
 * <pre>
 * expr    := term (('+' | '-') term)*
 * term    := unary (('*' | '/' | '%') unary)*
 * unary   := ('+' | '-') unary | power     so -3^2 is -(3^2), as in mathematics
 * power   := primary ('^' unary)?          right-associative; '**' is accepted for '^' 
 * primary := number | constant | function '(' expr (',' expr)* ')' | '(' expr ')'
 * </pre>
 */
public final class ArithmeticParser {

    static final int MAX_LENGTH = 1_000;
    static final int MAX_DEPTH = 64;
    static final int MAX_DIGITS = 1_000;
    private static final MathContext QUOTIENT = MathContext.DECIMAL64;

    private final String text;
    private int pos;
    private int depth;

    private ArithmeticParser(String text) {
        this.text = text;
    }

    public static BigDecimal evaluate(String expression) throws ToolException {
        if (expression == null || expression.isBlank()) {
            throw new ToolException("empty expression");
        }
        if (expression.length() > MAX_LENGTH) {
            throw new ToolException("expression longer than " + MAX_LENGTH + " characters");
        }
        String normalized = expression.replace('×', '*').replace('÷', '/').replace("**", "^");
        ArithmeticParser parser = new ArithmeticParser(normalized);
        BigDecimal value = parser.expr();
        parser.skipSpaces();
        if (parser.pos < parser.text.length()) {
            throw new ToolException("unexpected '" + parser.text.charAt(parser.pos) + "' at position " + (parser.pos + 1));
        }
        return value;
    }

    /** Plain notation without trailing zeros: 391, 0.5, -2.25. */
    public static String format(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() < 0) {
            stripped = stripped.setScale(0, RoundingMode.UNNECESSARY);
        }
        return stripped.toPlainString();
    }

    private BigDecimal expr() throws ToolException {
        enter();
        BigDecimal value = term();
        while (true) {
            if (accept('+')) {
                value = checked(value.add(term()));
            } else if (accept('-')) {
                value = checked(value.subtract(term()));
            } else {
                leave();
                return value;
            }
        }
    }

    private BigDecimal term() throws ToolException {
        BigDecimal value = unary();
        while (true) {
            if (accept('*')) {
                value = checked(value.multiply(unary()));
            } else if (accept('/')) {
                BigDecimal divisor = unary();
                requireNonZero(divisor);
                value = checked(value.divide(divisor, QUOTIENT));
            } else if (accept('%')) {
                BigDecimal divisor = unary();
                requireNonZero(divisor);
                value = value.remainder(divisor);
            } else {
                return value;
            }
        }
    }

    private BigDecimal power() throws ToolException {
        BigDecimal base = primary();
        if (!accept('^')) {
            return base;
        }
        enter();
        BigDecimal exponent = unary();
        leave();
        return pow(base, exponent);
    }

    private BigDecimal unary() throws ToolException {
        if (accept('-')) {
            enter();
            BigDecimal value = unary().negate();
            leave();
            return value;
        }
        if (accept('+')) {
            return unary();
        }
        return power();
    }

    private BigDecimal primary() throws ToolException {
        skipSpaces();
        if (pos >= text.length()) {
            throw new ToolException("expression ends unexpectedly");
        }
        char c = text.charAt(pos);
        if (c == '(') {
            pos++;
            BigDecimal value = expr();
            expect(')');
            return value;
        }
        if (Character.isDigit(c) || c == '.') {
            return number();
        }
        if (Character.isLetter(c)) {
            return nameOrCall();
        }
        throw new ToolException("unexpected '" + c + "' at position " + (pos + 1));
    }

    private BigDecimal number() throws ToolException {
        int start = pos;
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.' || text.charAt(pos) == '_')) {
            pos++;
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            int digits = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (digits == pos) {
                pos = mark;
            }
        }
        String literal = text.substring(start, pos).replace("_", "");
        try {
            BigDecimal value = new BigDecimal(literal);
            if (Math.abs(value.scale()) > MAX_DIGITS) {
                throw new ToolException("number out of range: " + literal);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ToolException("not a number: " + literal);
        }
    }

    private BigDecimal nameOrCall() throws ToolException {
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos).toLowerCase(Locale.ROOT);
        switch (name) {
            case "pi":
                return new BigDecimal("3.141592653589793");
            case "e":
                return new BigDecimal("2.718281828459045");
            default:
                break;
        }
        expect('(');
        List<BigDecimal> args = new ArrayList<>();
        args.add(expr());
        while (accept(',')) {
            args.add(expr());
        }
        expect(')');
        return apply(name, args);
    }

    private static BigDecimal apply(String name, List<BigDecimal> args) throws ToolException {
        return switch (name) {
            case "sqrt" -> {
                BigDecimal x = single(name, args);
                if (x.signum() < 0) {
                    throw new ToolException("square root of a negative number");
                }
                yield x.sqrt(QUOTIENT);
            }
            case "abs" -> single(name, args).abs();
            case "round" -> single(name, args).setScale(0, RoundingMode.HALF_UP);
            case "floor" -> single(name, args).setScale(0, RoundingMode.FLOOR);
            case "ceil" -> single(name, args).setScale(0, RoundingMode.CEILING);
            case "min" -> args.stream().reduce(BigDecimal::min).orElseThrow();
            case "max" -> args.stream().reduce(BigDecimal::max).orElseThrow();
            default -> throw new ToolException("unknown function '" + name + "'");
        };
    }

    private static BigDecimal single(String name, List<BigDecimal> args) throws ToolException {
        if (args.size() != 1) {
            throw new ToolException(name + " takes exactly one argument");
        }
        return args.getFirst();
    }

    private static BigDecimal pow(BigDecimal base, BigDecimal exponent) throws ToolException {
        BigDecimal integral = exponent.stripTrailingZeros();
        if (integral.scale() <= 0 && integral.abs().compareTo(BigDecimal.valueOf(MAX_DIGITS)) <= 0) {
            int n = integral.intValueExact();
            if (n < 0) {
                requireNonZero(base);
                BigDecimal positive = checked(base.pow(-n, MathContext.UNLIMITED));
                return checked(BigDecimal.ONE.divide(positive, QUOTIENT));
            }
            if (base.precision() * (long) n > MAX_DIGITS * 4L) {
                throw new ToolException("result too large");
            }
            return checked(base.pow(n, MathContext.UNLIMITED));
        }
        double result = Math.pow(base.doubleValue(), exponent.doubleValue());
        if (Double.isInfinite(result)) {
            throw new ToolException("result too large");
        }
        if (Double.isNaN(result)) {
            throw new ToolException("result is not a real number");
        }
        return new BigDecimal(result, QUOTIENT);
    }

    /** Bounds a result's digits both ways: huge numbers and numbers with a thousand decimals alike. */
    private static BigDecimal checked(BigDecimal value) throws ToolException {
        if (value.precision() - value.scale() > MAX_DIGITS) {
            throw new ToolException("result too large");
        }
        if (value.scale() > MAX_DIGITS) {
            throw new ToolException("result too small to show exactly");
        }
        return value;
    }

    private static void requireNonZero(BigDecimal divisor) throws ToolException {
        if (divisor.signum() == 0) {
            throw new ToolException("division by zero");
        }
    }

    private void enter() throws ToolException {
        if (++depth > MAX_DEPTH) {
            throw new ToolException("expression nested too deeply");
        }
    }

    private void leave() {
        depth--;
    }

    private boolean accept(char c) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws ToolException {
        if (!accept(c)) {
            throw new ToolException(pos < text.length()
                    ? "expected '" + c + "' at position " + (pos + 1)
                    : "expected '" + c + "' at end of expression");
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }
}
