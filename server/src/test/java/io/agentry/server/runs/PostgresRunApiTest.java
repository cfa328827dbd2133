package io.agentry.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentry.server.testing.ApiClient;
import io.agentry.server.testing.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The same API on the PostgreSQL store, selected by the database URL alone. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresRunApiTest {

    private static final TestDatabases.PostgresDatabase DB = TestDatabases.postgres();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", DB::url);
        registry.add("spring.datasource.username", () -> TestDatabases.PG_USER);
    }

    @AfterAll
    static void drop() {
        DB.close();
    }

    @LocalServerPort
    int port;

    @Test
    void runsAreRecordedAndSessionsContinueInPostgres() {
        ApiClient api = new ApiClient(port);
        JsonNode first = api.postJson("/run", "agentry-dev-key", Map.of("message", "what is 17*23?", "user_id", "pg-user")).json();
        assertThat(first.get("content").asString()).contains("391");
        String session = first.get("session_id").asString();
        JsonNode second = api.postJson("/run", "agentry-dev-key",
                Map.of("message", "what did I say?", "user_id", "pg-user", "session_id", session)).json();
        assertThat(second.get("content").asString()).isEqualTo("Earlier you said: \"what is 17*23?\".");

        JdbcClient jdbc = JdbcClient.create(DB.dataSource());
        assertThat(jdbc.sql("select count(*) from runs where user_id = 'pg-user' and session_id = ?").param(session)
                .query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select input_tokens + output_tokens from runs where run_id = ?")
                .param(first.get("run_id").asString()).query(Long.class).single())
                .isEqualTo(first.get("usage").get("total_tokens").asLong());
        // question, tool call, tool result, answer; then question and answer
        assertThat(jdbc.sql("select count(*) from session_messages where session_id = ?").param(session)
                .query(Long.class).single()).isEqualTo(6);
    }
}
