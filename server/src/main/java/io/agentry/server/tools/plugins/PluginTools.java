package io.agentry.server.tools.plugins;

import io.agentry.server.config.InvalidConfigurationException;
import io.agentry.server.config.ToolContributor;
import io.agentry.tool.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The tool plugins of {@code agentry.plugins.dir}, loaded once at start ({@link Plugin}): every {@code *.jar} in the
 * directory is a plugin, and so is every subdirectory (its jars together); other files and hidden entries are
 * ignored, and plugins load in name order. A missing directory is fine only when it is the default one. The class
 * loaders are closed when the server stops.
 */
@Component
class PluginTools implements ToolContributor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginTools.class);

    private final List<Plugin> plugins = new ArrayList<>();
    private final List<SourcedTool> tools = new ArrayList<>();

    PluginTools(PluginsProperties properties) {
        Path dir = properties.directory();
        if (!Files.exists(dir)) {
            if (properties.configured()) {
                String absolute = dir.isAbsolute() ? "" : " (" + dir.toAbsolutePath() + ")";
                throw new InvalidConfigurationException("agentry.plugins.dir is " + dir + ", which does not exist"
                        + absolute + ".", "Create that directory or correct agentry.plugins.dir (unset, it is "
                        + "./plugins, which may be missing).");
            }
            log.debug("No plugins directory at {}", dir.toAbsolutePath());
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidConfigurationException("The plugins directory " + dir + " is not a directory.",
                    "Point agentry.plugins.dir at a directory of plugin jars.");
        }
        try {
            for (Path entry : sorted(dir)) {
                List<Path> jars = Files.isDirectory(entry) ? sorted(entry).stream().filter(PluginTools::isJar).toList()
                        : isJar(entry) ? List.of(entry) : List.of();
                if (!jars.isEmpty()) {
                    load(new Plugin(entry.toString(), jars));
                }
            }
        } catch (IOException e) {
            close();
            throw new InvalidConfigurationException("The plugins directory " + dir + " cannot be read ("
                    + e.getClass().getSimpleName() + ").", "Make it readable by the server.", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void load(Plugin plugin) {
        plugins.add(plugin);
        List<Tool> loaded = plugin.load();
        loaded.forEach(tool -> tools.add(new SourcedTool(tool, "the plugin " + plugin.name())));
        log.info("Loaded plugin {} with tools {}", plugin.name(), loaded.stream().map(Tool::name).toList());
    }

    private static List<Path> sorted(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    private static boolean isJar(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
    }

    @Override
    public List<SourcedTool> tools() {
        return List.copyOf(tools);
    }

    @Override
    public void close() {
        for (Plugin plugin : plugins) {
            try {
                plugin.close();
            } catch (IOException e) {
                log.debug("Could not close the class loader of plugin {} ({})", plugin.name(), e.getMessage());
            }
        }
    }
}
