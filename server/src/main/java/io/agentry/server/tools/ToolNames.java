package io.agentry.server.tools;

import java.util.regex.Pattern;

/** What a tool from configuration or a plugin may be called: what every provider accepts as a function name. */
public final class ToolNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private ToolNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** The rule, for messages. */
    public static final String RULE = "1 to 64 letters, digits, '_' or '-'";
}
