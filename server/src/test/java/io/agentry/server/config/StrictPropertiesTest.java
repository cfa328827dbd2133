package io.agentry.server.config;

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
import org.springframework.context.ConfigurableApplicationContext;

/** The whole application, started as {@code java -jar} would be, with one setting wrong. */
@ExtendWith(OutputCaptureExtension.class)
class StrictPropertiesTest {

    private static ConfigurableApplicationContext start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:strict-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
                "--agentry.providers.openai.api-key=",
                "--agentry.providers.anthropic.api-key="));
        for (String setting : settings) {
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(AgentryApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void aMisspeltPropertyStopsTheStartNamingItAndTheNearestKnownOne(CapturedOutput output) {
        assertThatThrownBy(() -> start("agentry.agents.default.modle=openai:gpt-4o"))
                .isInstanceOf(UnknownPropertyException.class)
                .hasMessage("Unknown property 'agentry.agents.default.modle' (set in commandLineArgs); "
                        + "did you mean 'agentry.agents.default.model'?");
        assertThat(output.getErr()).contains("Agentry could not start: Unknown property 'agentry.agents.default.modle' "
                + "(set in commandLineArgs); did you mean 'agentry.agents.default.model'? "
                + "Rename 'agentry.agents.default.modle' to 'agentry.agents.default.model', or remove it.\n");
    }

    @Test
    void aMisspeltSectionIsUnknownToo() {
        assertThatThrownBy(() -> start("agentry.wroker.concurrency=4"))
                .hasMessageContaining("did you mean 'agentry.worker.concurrency'?");
    }

    @Test
    void toolSettingsAreKnownSoTheirTyposAreCaught() {
        assertThatThrownBy(() -> start("agentry.tools.http.lookup_order.descriptoin=Looks up an order"))
                .isInstanceOf(UnknownPropertyException.class)
                .hasMessageContaining("did you mean 'agentry.tools.http.lookup_order.description'?");
        assertThatThrownBy(() -> start("agentry.tools.http.lookup_order.headers.Authorization.value=x"))
                .isInstanceOf(UnknownPropertyException.class);
        assertThatThrownBy(() -> start("agentry.plugin.dir=/opt/plugins"))
                .isInstanceOf(UnknownPropertyException.class).hasMessageContaining("did you mean 'agentry.plugins.dir'?");
    }

    @Test
    void aValueOfTheWrongFormNamesThePropertyAndTheExpectedForm(CapturedOutput output) {
        assertThatThrownBy(() -> start("agentry.worker.concurrency=lots")).isNotNull();
        assertThat(output.getErr()).contains("Agentry could not start: Property 'agentry.worker.concurrency' is \"lots\" "
                + "(\"agentry.worker.concurrency\" from property source \"commandLineArgs\"), which is not a whole number, "
                + "such as 4. Set 'agentry.worker.concurrency' to a whole number, such as 4.\n");
    }

    @Test
    void everyKindOfKnownNameStarts() {
        try (ConfigurableApplicationContext context = start(
                "agentry.role=all",
                "agentry.log.format=json",
                "agentry.agents.default.model=offline",
                "agentry.agents.default.system_prompt=Be brief.",
                "agentry.agents.default.tools[0]=calculator",
                "agentry.prices[llama3.1:8b].input=0.1",
                "agentry.prices[llama3.1:8b].output=0.2",
                "agentry.limits.agents.default.requests=5",
                "agentry.budgets.users[alice].daily-usd=1",
                "agentry.security.keys[0].key=some-key",
                "agentry.http.max-body-size=2MB")) {
            assertThat(context.isActive()).isTrue();
        }
    }
}
