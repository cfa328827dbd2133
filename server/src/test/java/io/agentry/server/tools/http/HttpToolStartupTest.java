package io.agentry.server.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.server.AgentryApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** An HTTP tool that cannot work stops the start, with a report that names the setting and shows no secret. */
@ExtendWith(OutputCaptureExtension.class)
class HttpToolStartupTest {

    private static final String TOOL = "agentry.tools.http.lookup_order.";

    private static void start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:http-tools-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "--" + TOOL + "description=Looks up an order",
                "--" + TOOL + "parameters={\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"}}}"));
        for (String setting : settings) {
            args.add("--" + setting);
        }
        new SpringApplicationBuilder(AgentryApplication.class).run(args.toArray(String[]::new)).close();
    }

    @Test
    void aLoopbackUrlWithoutTheAllowanceStopsTheStart(CapturedOutput output) {
        assertThatThrownBy(() -> start(TOOL + "url=http://127.0.0.1:9/orders/{order_id}", TOOL + "signing-secret=s3cr3t-value"))
                .isNotNull();
        assertThat(output.getErr()).contains("Agentry could not start: agentry.tools.http.lookup_order.url names a loopback, "
                + "private or otherwise internal address")
                .contains("set agentry.tools.http.lookup_order.allow-private=true")
                .doesNotContain("s3cr3t-value");
    }

    @Test
    void anUnsetEnvironmentVariableInAHeaderStopsTheStartNamingIt(CapturedOutput output) {
        String variable = "AGENTRY_TEST_UNSET_" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
        assertThatThrownBy(() -> start(TOOL + "url=http://127.0.0.1:9/orders/{order_id}", TOOL + "allow-private=true",
                TOOL + "signing-secret=s3cr3t-value", TOOL + "headers[Authorization]=Bearer ${" + variable + "}"))
                .satisfies(e -> assertThat(causes(e)).contains("agentry.tools.http.lookup_order.headers.Authorization refers to ${"
                        + variable + "}, which is not set."));
        assertThat(output.getErr()).contains("Agentry could not start: agentry.tools.http.lookup_order.headers.Authorization "
                + "refers to ${" + variable + "}, which is not set.");
        assertThat(output.getAll()).doesNotContain("s3cr3t-value");

        // an unset signing secret would otherwise sign with the text of its placeholder
        assertThatThrownBy(() -> start(TOOL + "url=http://127.0.0.1:9/orders/{order_id}", TOOL + "allow-private=true",
                TOOL + "signing-secret=${" + variable + "}"))
                .satisfies(e -> assertThat(causes(e)).contains("agentry.tools.http.lookup_order.signing-secret refers to ${"
                        + variable + "}, which is not set."));
    }

    private static List<String> causes(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
