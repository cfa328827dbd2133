package io.agentry.server.config;

/**
 * A configuration file that is not valid YAML, with where: the parser's own exception says "in 'reader', line 5"
 * and not which file ({@link NamedYamlPropertySourceLoader} adds it).
 *
 * @param file    the file as a person would find it (an absolute path, or a resource's description)
 * @param line    1-based, as editors count
 * @param problem what the parser found there, in its words
 * @param context what the parser was reading (null: nothing more to say)
 */
final class InvalidYamlException extends IllegalStateException {

    private final String file;
    private final int line;

    InvalidYamlException(String file, int line, int column, String problem, String context, Throwable cause) {
        super("The configuration file " + file + " is not valid YAML at line " + line + ", column " + column + ": "
                + problem + (context == null ? "" : " (" + context + ")"), cause);
        this.file = file;
        this.line = line;
    }

    String file() {
        return file;
    }

    int line() {
        return line;
    }
}
