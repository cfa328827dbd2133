package io.agentry.server.tools.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars for tests: Java sources compiled with the JDK's compiler against this JVM's class path (which
 * holds the tool API and LangChain4j, as a plugin's build does), resources and manifest attributes, into a jar.
 */
final class PluginJars {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> resources = new LinkedHashMap<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<String> classesLeftOut = new ArrayList<>();

    static PluginJars jar() {
        return new PluginJars();
    }

    /** A class, by its binary name ({@code com.acme.Tools}), with its source. */
    PluginJars source(String className, String source) {
        sources.put(className, source);
        return this;
    }

    PluginJars resource(String path, String content) {
        resources.put(path, content);
        return this;
    }

    /** {@code META-INF/services/io.agentry.tool.Tool} listing these classes. */
    PluginJars services(String... classNames) {
        return resource("META-INF/services/io.agentry.tool.Tool", String.join("\n", classNames) + "\n");
    }

    PluginJars manifest(String attribute, String value) {
        attributes.put(attribute, value);
        return this;
    }

    /** Compiles the class but leaves it out of the jar (a plugin built against a class it does not ship). */
    PluginJars leaveOut(String className) {
        classesLeftOut.add(className);
        return this;
    }

    Path writeTo(Path jar) throws IOException {
        Path work = Files.createTempDirectory("plugin-build");
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-parameters",
                "-classpath", System.getProperty("java.class.path")));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        if (!sources.isEmpty()) {
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            if (compiler.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("the plugin's sources do not compile");
            }
        }
        for (String left : classesLeftOut) {
            Files.delete(classes.resolve(left.replace('.', '/') + ".class"));
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                add(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            for (Map.Entry<String, String> resource : resources.entrySet()) {
                add(out, resource.getKey(), resource.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }

    private static void add(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream stream = out;
        stream.write(content);
        out.closeEntry();
    }
}
