package io.agentry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cold start measures real processes from launch to their first successful run: a first start that is not
 * counted, then rounds that interleave the variants, each start in its variant's directory with the server
 * arguments and a port of its own.
 */
class ColdStartTest {

    /**
     * A "server" started with plain java: takes a moment, notes where and how it was started in
     * {@code ../starts.txt}, then answers {@code /run} with the body its first argument names, noting each answer
     * in {@code ../answers.txt}.
     */
    private static final String FAKE_SERVER = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            import java.nio.file.*;
            public class FakeServer {
                public static void main(String[] args) throws Exception {
                    Thread.sleep(200);
                    int port = 0;
                    for (String a : args) {
                        if (a.startsWith("--server.port=")) port = Integer.parseInt(a.substring(14));
                    }
                    Path here = Path.of("").toAbsolutePath();
                    Files.writeString(here.resolveSibling("starts.txt"), here.getFileName() + " " + String.join(" ", args) + "\\n",
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    byte[] body = args[0].getBytes();
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
                    server.createContext("/run", e -> {
                        e.getRequestBody().readAllBytes();
                        Files.writeString(here.resolveSibling("answers.txt"), "answered\\n",
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        e.sendResponseHeaders(200, body.length);
                        e.getResponseBody().write(body);
                        e.close();
                    });
                    server.start();
                }
            }
            """;

    @TempDir
    Path dir;

    private ColdStart coldStart(List<ColdStart.Variant> variants, int runs, Duration timeout) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ColdStart(new ColdStart.Settings(java, List.of(), variants,
                List.of("--agentry.limits.enabled=false"), "k", "{}", runs, timeout));
    }

    private ColdStart.Variant variant(String name, String answer) throws Exception {
        Path variantDir = Files.createDirectories(dir.resolve(name));
        Path source = Files.writeString(dir.resolve("FakeServer.java"), FAKE_SERVER);
        return new ColdStart.Variant(name, variantDir, List.of(source.toString(), answer));
    }

    @Test
    void measuresEveryVariantInItsDirectoryRoundAfterRoundAfterAnUncountedFirstStart() throws Exception {
        ColdStart.Variant a = variant("a", "{\"success\":true}");
        ColdStart.Variant b = variant("b", "{\"success\":true}");

        Map<String, Object> result = coldStart(List.of(a, b), 2, Duration.ofSeconds(60)).run();

        assertThat(result).containsEntry("runs", 2);
        assertThat(((Map<?, ?>) result.get("migrating_start")).get("variant")).isEqualTo("a");
        List<?> variants = (List<?>) result.get("variants");
        assertThat(variants).hasSize(2);
        for (Object v : variants) {
            Map<?, ?> variant = (Map<?, ?>) v;
            List<?> each = (List<?>) variant.get("each_ms");
            assertThat(each).hasSize(2).allSatisfy(ms -> assertThat((Double) ms).isGreaterThan(200));
            Map<?, ?> wall = (Map<?, ?>) variant.get("wall_ms");
            assertThat((Double) wall.get("median")).as("the median of two starts is their mean")
                    .isCloseTo(((Double) each.get(0) + (Double) each.get(1)) / 2, offset(1.0));
        }
        assertThat(((Map<?, ?>) variants.get(0)).get("name")).isEqualTo("a");
        List<String> starts = Files.readAllLines(dir.resolve("starts.txt"));
        assertThat(starts).extracting(line -> line.split(" ")[0]).containsExactly("a", "a", "b", "a", "b");
        assertThat(starts).allSatisfy(line -> assertThat(line).contains("--agentry.limits.enabled=false")
                .containsPattern("--server.port=\\d+"));
        assertThat(dir.resolve("a/cold-start-a-1.log")).exists();
        assertThat(dir.resolve("b/cold-start-b-5.log")).exists();
    }

    @Test
    void aServerWhoseRunsFailHasNotStarted() throws Exception {
        ColdStart.Variant failing = variant("failing", "{\"success\":false}");

        assertThatThrownBy(() -> coldStart(List.of(failing), 1, Duration.ofSeconds(10)).run())
                .hasMessageContaining("failing: no successful POST /run within PT10S");
        assertThat(dir.resolve("answers.txt")).as("it did answer, unsuccessfully").exists();
    }
}
