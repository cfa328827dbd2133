package io.agentry.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void plainAndHashedKeysAuthenticateToTheirCallers() {
        String hash = HexFormat.of().formatHex(io.agentry.util.Sha256.of("s3cret"));
        ApiKeys keys = new ApiKeys(new ApiKeyProperties(List.of(
                new ApiKeyProperties.Key("svc", "plain-key", null, null, false),
                new ApiKeyProperties.Key("bob", null, hash.toUpperCase(), "bob", false))));

        assertThat(keys.authenticate("plain-key")).contains(new Caller("svc", null, false));
        assertThat(keys.authenticate("s3cret")).contains(new Caller("bob", "bob", false));
        assertThat(keys.authenticate("s3cret ")).isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate(ApiKeys.DEV_KEY)).isEmpty();
    }

    @Test
    void withNoKeysConfiguredOnlyTheDevelopmentKeyWorks() {
        ApiKeys keys = new ApiKeys(new ApiKeyProperties(List.of()));
        assertThat(keys.authenticate(ApiKeys.DEV_KEY)).hasValueSatisfying(c -> assertThat(c.admin()).isTrue());
        assertThat(keys.authenticate("anything")).isEmpty();
    }

    @Test
    void misconfiguredKeysFailAtStartupWithoutEchoingSecrets() {
        assertThatThrownBy(() -> new ApiKeys(new ApiKeyProperties(List.of(
                new ApiKeyProperties.Key("both", "a", "b", null, false)))))
                .hasMessage("API key 'both' needs exactly one of key or sha256");
        assertThatThrownBy(() -> new ApiKeys(new ApiKeyProperties(List.of(
                new ApiKeyProperties.Key("short", null, "abcd", null, false)))))
                .hasMessage("API key 'short': sha256 must be 64 hex digits");
    }
}
