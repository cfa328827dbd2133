package io.agentry.server.tools.plugins;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import io.agentry.server.config.InvalidConfigurationException;
import io.agentry.server.tools.ToolNames;
import io.agentry.tool.Tool;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * One plugin: a jar of the plugins directory, or a subdirectory whose jars form one plugin (a plugin with its
 * libraries beside it), in a class loader of its own whose parent is the server's, so the plugin sees the tool API,
 * LangChain4j, Jackson and SLF4J of the server and nothing of other plugins. Its tools are:
 * <ul>
 *   <li>the {@link Tool} implementations listed in its {@code META-INF/services/io.agentry.tool.Tool} (a public
 *       no-argument constructor, or a static {@code provider()} method, as {@link ServiceLoader} wants);</li>
 *   <li>the LangChain4j {@code @Tool} methods of the classes named in the manifest attribute
 *       {@value #TOOL_CLASSES_ATTRIBUTE} of its jars (names separated by commas or spaces; each class needs a public
 *       no-argument constructor, and one instance serves every call).</li>
 * </ul>
 * Anything that fails to load, a tool without a valid name, or a plugin with no tool at all stops the start with
 * a message naming the plugin ({@link InvalidConfigurationException}).
 */
final class Plugin implements AutoCloseable {

    static final String TOOL_CLASSES_ATTRIBUTE = "Agentry-Tool-Classes";
    /** The names of the {@code @Tool} methods' tools that are idempotent ({@link Tool#idempotent()}). */
    static final String IDEMPOTENT_TOOLS_ATTRIBUTE = "Agentry-Idempotent-Tools";

    private final String name;
    private final List<Path> jars;
    private final URLClassLoader loader;

    /** @param name how messages name the plugin: its path as the configuration gives it ({@code plugins/acme.jar}) */
    Plugin(String name, List<Path> jars) {
        this.name = name;
        this.jars = List.copyOf(jars);
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e); // a file path always makes a URL
            }
        }
        this.loader = new URLClassLoader("agentry-plugin " + name, urls.toArray(URL[]::new), Tool.class.getClassLoader());
    }

    String name() {
        return name;
    }

    /** The plugin's tools, each ready to be called. */
    List<Tool> load() {
        List<Tool> tools = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<Tool> provider : (Iterable<ServiceLoader.Provider<Tool>>)
                    ServiceLoader.load(Tool.class, loader).stream()::iterator) {
                if (provider.type().getClassLoader() == loader) {
                    Tool tool = provider.get();
                    ToolSpecification specification = specificationOf(tool, provider.type().getName());
                    tools.add(new PluginTool(tool, specification, loader, idempotent(tool, provider.type().getName())));
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw invalid("a tool listed in META-INF/services/io.agentry.tool.Tool could not be loaded: " + describe(e), e);
        }
        Set<String> idempotentMethods = manifestNames(IDEMPOTENT_TOOLS_ATTRIBUTE);
        for (String className : manifestNames(TOOL_CLASSES_ATTRIBUTE)) {
            tools.addAll(annotatedTools(className, idempotentMethods));
        }
        if (tools.isEmpty()) {
            throw new InvalidConfigurationException("The plugin " + name + " provides no tools.", "List its Tool "
                    + "implementations in META-INF/services/io.agentry.tool.Tool, or its classes with @Tool methods in "
                    + "the manifest attribute " + TOOL_CLASSES_ATTRIBUTE + ", or remove it from the plugins directory.");
        }
        return tools;
    }

    private ToolSpecification specificationOf(Tool tool, String className) {
        ToolSpecification specification;
        try {
            specification = tool.specification();
        } catch (RuntimeException | LinkageError e) {
            throw invalid("the tool " + className + " failed to give its specification: " + describe(e), e);
        }
        if (specification == null || !ToolNames.isValid(specification.name())) {
            throw invalid("the tool " + className + " is named " + (specification == null ? "nothing" : "'"
                    + specification.name() + "'") + ", which models do not accept (a name is " + ToolNames.RULE + ")", null);
        }
        return specification;
    }

    private boolean idempotent(Tool tool, String className) {
        try {
            return tool.idempotent();
        } catch (RuntimeException | LinkageError e) {
            throw invalid("the tool " + className + " failed to say whether it is idempotent: " + describe(e), e);
        }
    }

    /** The names an attribute of the jars' manifests lists (separated by commas or spaces). */
    private Set<String> manifestNames(String attribute) {
        Set<String> names = new LinkedHashSet<>();
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                String value = manifest == null ? null : manifest.getMainAttributes().getValue(attribute);
                if (value != null) {
                    for (String className : value.split("[,\\s]+")) {
                        if (!className.isBlank()) {
                            names.add(className.strip());
                        }
                    }
                }
            } catch (IOException e) {
                throw invalid(jar.getFileName() + " is not a readable jar (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        return names;
    }

    private List<Tool> annotatedTools(String className, Set<String> idempotentNames) {
        Object instance;
        Class<?> type;
        List<ToolSpecification> specifications;
        try {
            type = Class.forName(className, true, loader);
            if (type.getClassLoader() != loader) {
                throw invalid("the class " + className + " of " + TOOL_CLASSES_ATTRIBUTE + " is the server's, not the plugin's", null);
            }
            specifications = ToolSpecifications.toolSpecificationsFrom(type);
            instance = type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw invalid("the class " + className + " named in " + TOOL_CLASSES_ATTRIBUTE + " is not in the plugin", e);
        } catch (NoSuchMethodException e) {
            throw invalid("the class " + className + " has no public constructor without arguments", e);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            if (cause instanceof InvalidConfigurationException invalid) {
                throw invalid;
            }
            throw invalid("the class " + className + " could not be loaded or made: " + describe(cause), cause);
        }
        List<Tool> tools = new ArrayList<>();
        for (Method method : toolMethods(type)) {
            ToolSpecification specification = ToolSpecifications.toolSpecificationFrom(method);
            if (!ToolNames.isValid(specification.name())) {
                throw invalid("the @Tool method " + className + "." + method.getName() + " is named '"
                        + specification.name() + "', which models do not accept (a name is " + ToolNames.RULE + ")", null);
            }
            tools.add(new PluginTool(new AnnotatedTool(specification, instance, method), specification, loader,
                    idempotentNames.contains(specification.name())));
        }
        if (tools.isEmpty() || specifications.isEmpty()) {
            throw invalid("the class " + className + " named in " + TOOL_CLASSES_ATTRIBUTE + " has no @Tool methods", null);
        }
        return tools;
    }

    /** The {@code @Tool} methods of {@code type} and its superclasses, as LangChain4j finds them. */
    private static List<Method> toolMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.isAnnotationPresent(dev.langchain4j.agent.tool.Tool.class) && !method.isBridge()
                        && !method.isSynthetic() && !Modifier.isAbstract(method.getModifiers())) {
                    methods.add(method);
                }
            }
        }
        return methods;
    }

    private InvalidConfigurationException invalid(String problem, Throwable cause) {
        return new InvalidConfigurationException("The plugin " + name + " cannot be used: " + problem + ".",
                "Fix or rebuild the plugin against agentry-tool-api (README.md, \"Tool plugins\"), or remove it from "
                        + "the plugins directory.", cause);
    }

    /** The failure and, when it has one, its root cause: what the plugin's author needs to fix it. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return one(e) + (root == e ? "" : ", caused by " + one(root));
    }

    private static String one(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
