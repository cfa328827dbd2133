package io.agentry.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    @Test
    void flagsTakeNoValueOthersTakeTheNextArgumentEvenWithDashesAndTheRestGoesToTheServer() {
        List<String> rest = new ArrayList<>();
        Map<String, String> args = LoadGenerator.options(new String[] {"coldstart", "--api-replica",
                "--jvm-options", "--enable-preview -Xmx1g", "--runs", "3", "--", "--server.port=1"}, rest);

        assertThat(args).containsExactlyInAnyOrderEntriesOf(
                Map.of("api-replica", "true", "jvm-options", "--enable-preview -Xmx1g", "runs", "3"));
        assertThat(rest).containsExactly("--server.port=1");
    }

    @Test
    void anOptionTheCommandDoesNotReadIsRefusedNotIgnored() {
        assertThatThrownBy(() -> LoadGenerator.options(new String[] {"coldstart", "--embedded", "--runs", "3"}, new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got --embedded");
        assertThatThrownBy(() -> LoadGenerator.options(new String[] {"tasks", "--stream"}, new ArrayList<>()))
                .hasMessageContaining("got --stream");
        assertThatThrownBy(() -> LoadGenerator.options(new String[] {"load", "--clients"}, new ArrayList<>()))
                .hasMessage("a value for --clients");
        assertThatThrownBy(() -> LoadGenerator.options(new String[] {"load", "clients"}, new ArrayList<>()))
                .hasMessage("an option, got clients");
    }
}
