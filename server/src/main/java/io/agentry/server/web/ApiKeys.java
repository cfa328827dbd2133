package io.agentry.server.web;

import io.agentry.util.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks presented API keys. Only SHA-256 digests are kept in memory; a presented key is hashed and
 * compared with every configured digest in constant time, without stopping at the first match, so
 * timing reveals neither which key matched nor how much of one did.
 */
@Component
public class ApiKeys {

    static final String DEV_KEY = "agentry-dev-key";
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private record Entry(byte[] digest, Caller caller) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public ApiKeys(ApiKeyProperties properties) {
        if (properties.keys().isEmpty()) {
            log.warn("No API keys configured (agentry.security.keys): accepting the development key from the "
                    + "README, an admin key that sees every user's data. Configure real keys before exposing this server.");
            entries.add(new Entry(Sha256.of(DEV_KEY), new Caller("development", null, true)));
            return;
        }
        int index = 0;
        for (ApiKeyProperties.Key key : properties.keys()) {
            String name = key.name() == null || key.name().isBlank() ? "key-" + index : key.name();
            entries.add(new Entry(digestOf(key, name), new Caller(name,
                    key.userId() == null || key.userId().isBlank() ? null : key.userId(), key.admin())));
            index++;
        }
    }

    public Optional<Caller> authenticate(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = Sha256.of(presented);
        Caller match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                match = entry.caller();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] digestOf(ApiKeyProperties.Key key, String name) {
        boolean plain = key.key() != null && !key.key().isBlank();
        boolean hashed = key.sha256() != null && !key.sha256().isBlank();
        if (plain == hashed) {
            throw new IllegalStateException("API key '" + name + "' needs exactly one of key or sha256");
        }
        if (plain) {
            return Sha256.of(key.key());
        }
        try {
            byte[] digest = HexFormat.of().parseHex(key.sha256().trim().toLowerCase(java.util.Locale.ROOT));
            if (digest.length != 32) {
                throw new IllegalArgumentException();
            }
            return digest;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("API key '" + name + "': sha256 must be 64 hex digits");
        }
    }
}
