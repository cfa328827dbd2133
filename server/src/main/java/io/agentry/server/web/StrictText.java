package io.agentry.server.web;


/**
 * What no text taken from a request may hold, on any backend alike: NUL characters (PostgreSQL's text
 * types cannot store them, H2's can, so the two would disagree) and unpaired UTF-16 surrogates (no UTF-8
 * spelling exists for them: they cannot be stored, logged or sent back faithfully).
 */
final class StrictText {

    private StrictText() {
    }

    /** Why {@code text} is refused, as a 422 field message ("must not ..."), or null when it is fine. */
    static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "must not contain NUL characters";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain unpaired surrogates (\\ud800-\\udfff alone)";
            }
        }
        return null;
    }
}
