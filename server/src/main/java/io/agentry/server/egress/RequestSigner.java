package io.agentry.server.egress;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the requests the server sends (task webhooks, HTTP tools):
 * {@code X-Agentry-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + payload)>} with the Unix-seconds
 * timestamp in {@code X-Agentry-Timestamp}. The payload of a webhook is its raw body; what an HTTP tool signs
 * is its caller's business (it adds the method, target and user). A receiver recomputes the HMAC over what it
 * received, compares in constant time, and rejects old timestamps to stop replays.
 */
public final class RequestSigner {

    public static final String TIMESTAMP_HEADER = "X-Agentry-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Agentry-Signature";

    private final SecretKeySpec key;

    public RequestSigner(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String sign(long timestampSeconds, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((timestampSeconds + "." + payload).getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
