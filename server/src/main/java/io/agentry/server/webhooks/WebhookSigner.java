package io.agentry.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries: {@code X-Agentry-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}
 * with the Unix-seconds timestamp in {@code X-Agentry-Timestamp}. A receiver recomputes the HMAC over
 * the raw body, compares in constant time, and rejects old timestamps to stop replays.
 */
public final class WebhookSigner {

    public static final String TIMESTAMP_HEADER = "X-Agentry-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Agentry-Signature";

    private final SecretKeySpec key;

    public WebhookSigner(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String sign(long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
