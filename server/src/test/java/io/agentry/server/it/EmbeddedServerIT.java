package io.agentry.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The packaged jar with no settings but a data directory: what a new user gets from the README. */
class EmbeddedServerIT {

    @TempDir
    Path dataDir;

    @Test
    void theJarAnswersWithTheDevelopmentKeyAndKeepsItsDataAcrossRestarts() {
        Map<String, String> settings = Map.of("spring.datasource.url",
                "jdbc:h2:file:" + dataDir.resolve("agentry") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
        String session;
        try (ServerProcess server = ServerProcess.start("embedded", settings)) {
            JsonNode answer = server.api().postJson("/run", "agentry-dev-key",
                    Map.of("message", "what is 17*23?", "user_id", "alice")).json();
            assertThat(answer.get("content").asString()).contains("391");
            session = answer.get("session_id").asString();
        }
        assertThat(Files.exists(dataDir.resolve("agentry.mv.db"))).isTrue();

        try (ServerProcess server = ServerProcess.start("embedded-restarted", settings)) {
            JsonNode answer = server.api().postJson("/run", "agentry-dev-key",
                    Map.of("message", "what did I say?", "user_id", "alice", "session_id", session)).json();
            assertThat(answer.get("content").asString()).isEqualTo("Earlier you said: \"what is 17*23?\".");
        }
    }
}
