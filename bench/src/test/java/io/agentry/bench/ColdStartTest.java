package io.agentry.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cold start measures a real process from its start to its first successful run, in a fresh directory. */
class ColdStartTest {

    /** A "server" that takes a moment to start, then answers every request with 200; started with plain java. */
    private static final String FAKE_SERVER = """
            import com.sun.net.httpserver.HttpServer;
            import java.net.InetSocketAddress;
            public class FakeServer {
                public static void main(String[] args) throws Exception {
                    Thread.sleep(300);
                    java.nio.file.Files.writeString(java.nio.file.Path.of("started-here"), "yes");
                    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 50);
                    server.createContext("/run", e -> {
                        e.getRequestBody().readAllBytes();
                        e.sendResponseHeaders(200, 2);
                        e.getResponseBody().write("{}".getBytes());
                        e.close();
                    });
                    server.start();
                }
            }
            """;

    @Test
    void measuresEachStartInADirectoryOfItsOwn(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("FakeServer.java");
        Files.writeString(source, FAKE_SERVER);
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ColdStart coldStart = new ColdStart(new ColdStart.Settings(Target.of("http://127.0.0.1:" + port), "k", "{}",
                List.of(java, source.toString(), Integer.toString(port)), dir.resolve("work"), 2, true,
                Duration.ofSeconds(60)));

        Map<String, Object> result = coldStart.run();

        assertThat(result).containsEntry("runs", 2);
        assertThat((List<?>) result.get("first_start_each_ms")).hasSize(2)
                .allSatisfy(ms -> assertThat((Double) ms).isGreaterThan(300));
        assertThat((List<?>) result.get("restart_each_ms")).hasSize(2);
        assertThat(dir.resolve("work/start-0/started-here")).exists();
        assertThat(dir.resolve("work/start-1/started-here")).exists();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
