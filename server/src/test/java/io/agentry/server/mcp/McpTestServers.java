package io.agentry.server.mcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    /** Runs {@code npm ci} unless the packages are installed (npm writes node_modules/.package-lock.json last). */
    static synchronized void install() {
        if (Files.exists(DIR.resolve("node_modules/.package-lock.json")) && Files.exists(EVERYTHING)) {
            return;
        }
        try {
            Path log = Files.createTempFile("npm-ci", ".log");
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + DIR + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run npm ci in " + DIR + " (are Node.js and npm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
