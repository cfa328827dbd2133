package io.agentry.server.tools.plugins;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tool plugins ({@code agentry.plugins.*}).
 *
 * @param dir the directory of plugin jars, relative to the working directory; {@code ./plugins} when unset, which
 *            may then be missing (no plugins), whereas a directory that is set must exist
 */
@ConfigurationProperties("agentry.plugins")
public record PluginsProperties(String dir) {

    static final String DEFAULT_DIR = "plugins";

    boolean configured() {
        return dir != null && !dir.isBlank();
    }

    Path directory() {
        return Path.of(configured() ? dir : DEFAULT_DIR);
    }
}
