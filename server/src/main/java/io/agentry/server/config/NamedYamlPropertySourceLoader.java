package io.agentry.server.config;

import java.io.IOException;
import java.util.List;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Spring Boot's YAML loader, whose parse errors name the file: a YAML file that does not parse becomes an
 * {@link InvalidYamlException} (file, line, column, the parser's words). Comes first among the property source
 * loaders (spring.factories), so every {@code .yml} and {@code .yaml} file Spring Boot reads goes through it: the
 * first loader that takes an extension is the one used.
 */
final class NamedYamlPropertySourceLoader implements PropertySourceLoader, Ordered {

    private final YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();

    @Override
    public String[] getFileExtensions() {
        return yaml.getFileExtensions();
    }

    @Override
    public List<PropertySource<?>> load(String name, Resource resource) throws IOException {
        try {
            return yaml.load(name, resource);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Mark context = e.getContextMark();
            String contextText = e.getContext() == null ? null
                    : e.getContext() + (context == null || mark == null || context.getLine() == mark.getLine()
                            ? "" : " that starts at line " + (context.getLine() + 1));
            throw new InvalidYamlException(fileOf(resource), mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, e.getProblem(), contextText, e);
        }
    }

    private static String fileOf(Resource resource) {
        try {
            return resource.isFile() ? resource.getFile().getAbsolutePath() : resource.getDescription();
        } catch (IOException e) {
            return resource.getDescription();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
