package io.agentry.server.web;

import java.io.IOException;

/**
 * Checks bytes as they stream past for well-formed UTF-8 (RFC 3629): no overlong forms ({@code C0 AF} is
 * not {@code /}), no encoded surrogates, nothing past U+10FFFF, no truncated sequence at the end. JSON
 * parsers are lenient here; a body that is not UTF-8 is refused instead of read as something else.
 */
final class Utf8Check {

    /** Thrown while reading a body that is not well-formed UTF-8. */
    static final class MalformedUtf8Exception extends IOException {
        MalformedUtf8Exception() {
            super("The request body is not valid UTF-8");
        }
    }

    /** Continuation bytes still expected, and the range the next one must fall in. */
    private int pending;
    private int low = 0x80;
    private int high = 0xBF;

    void feed(byte[] bytes, int offset, int length) throws MalformedUtf8Exception {
        for (int i = offset; i < offset + length; i++) {
            feed(bytes[i] & 0xFF);
        }
    }

    void feed(int b) throws MalformedUtf8Exception {
        if (pending > 0) {
            if (b < low || b > high) {
                throw new MalformedUtf8Exception();
            }
            pending--;
            low = 0x80;
            high = 0xBF;
            return;
        }
        if (b < 0x80) {
            return;
        }
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            low = b == 0xE0 ? 0xA0 : 0x80;   // E0 80..9F would be overlong
            high = b == 0xED ? 0x9F : 0xBF;  // ED A0..BF would be a surrogate
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            low = b == 0xF0 ? 0x90 : 0x80;   // F0 80..8F would be overlong
            high = b == 0xF4 ? 0x8F : 0xBF;  // F4 90.. would be past U+10FFFF
        } else {
            throw new MalformedUtf8Exception(); // 80..C1 as a first byte, or F5..FF
        }
    }

    /** At the end of the body: a sequence left open is malformed. */
    void end() throws MalformedUtf8Exception {
        if (pending > 0) {
            throw new MalformedUtf8Exception();
        }
    }
}
