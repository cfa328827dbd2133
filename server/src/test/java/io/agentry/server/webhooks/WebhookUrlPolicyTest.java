package io.agentry.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentry.server.config.PropertyDefaults;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook policy is the egress policy with agentry.webhooks.allow-private (the policy has its own tests). */
class WebhookUrlPolicyTest {

    @Test
    void privateAddressesAreRefusedUnlessTheWebhookSettingsAllowThem() throws Exception {
        WebhookUrlPolicy strict = new WebhookUrlPolicy(
                PropertyDefaults.bind(WebhookProperties.class, "agentry.webhooks", Map.of("secret", "s")));
        WebhookUrlPolicy lax = new WebhookUrlPolicy(PropertyDefaults.bind(WebhookProperties.class, "agentry.webhooks",
                Map.of("secret", "s", "allow-private", "true")));

        assertThatThrownBy(() -> strict.check("http://127.0.0.1:8080/hook")).hasMessageContaining("internal");
        assertThat(lax.check("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
    }
}
