package io.agentry.server.mcp;

import io.agentry.server.testing.NodePackages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MCP servers of the tests, from {@code server/src/test/mcp}: the reference {@code server-everything} from npm
 * (pinned by the committed package-lock.json) and our own {@code servers/faulty.mjs}. The first use installs them
 * with {@code npm ci} when {@code node_modules} is missing (Node.js and npm must be on the PATH).
 */
final class McpTestServers {

    static final Path DIR = Path.of("src", "test", "mcp").toAbsolutePath();
    static final Path EVERYTHING = DIR.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    static final Path FAULTY = DIR.resolve("servers/faulty.mjs");

    private McpTestServers() {
    }

    /** Installs the packages with {@code npm ci} unless they are there. */
    static void install() {
        NodePackages.install(DIR, DIR.relativize(EVERYTHING).toString());
    }

    /** Properties of a stdio server {@code name} running {@code node <script> <args...>}. */
    static List<String> stdio(String name, Path script, String... args) {
        List<String> properties = new ArrayList<>();
        properties.add("agentry.mcp.servers." + name + ".command=node");
        properties.add("agentry.mcp.servers." + name + ".args[0]=" + script);
        for (int i = 0; i < args.length; i++) {
            properties.add("agentry.mcp.servers." + name + ".args[" + (i + 1) + "]=" + args[i]);
        }
        return properties;
    }

    /** server-everything serving streamable HTTP on {@code port} (at /mcp). */
    static Process everythingOverHttp(int port) {
        return node(List.of(EVERYTHING.toString(), "streamableHttp"), port);
    }

    /** Our faulty server serving streamable HTTP on {@code port} (at /mcp). */
    static Process faultyOverHttp(int port) {
        return node(List.of(FAULTY.toString(), String.valueOf(port)), port);
    }

    private static Process node(List<String> args, int port) {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PORT", String.valueOf(port));
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node (is Node.js installed?)", e);
        }
    }
}
