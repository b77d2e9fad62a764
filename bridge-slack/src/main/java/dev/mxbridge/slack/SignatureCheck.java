package dev.mxbridge.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing: {@code X-Slack-Signature} must be {@code v0=} and the hex HMAC-SHA256, under the signing
 * secret, of {@code v0:<X-Slack-Request-Timestamp>:<body>}, compared in constant time; the timestamp must be within
 * five minutes of our clock in either direction (Slack's SDK only rejects old ones).
 */
final class SignatureCheck {
    static final Duration WINDOW = Duration.ofMinutes(5);
    private final byte[] secret;
    private final Clock clock;

    SignatureCheck(String signingSecret, Clock clock) {
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** Why the request is refused, or empty if it is genuine and fresh. */
    java.util.Optional<String> problem(String timestamp, String signature, byte[] body) {
        if (timestamp == null || signature == null) {
            return java.util.Optional.of("unsigned");
        }
        long at;
        try {
            at = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return java.util.Optional.of("bad timestamp");
        }
        if (Math.abs(clock.instant().getEpochSecond() - at) > WINDOW.toSeconds()) {
            return java.util.Optional.of("timestamp outside five minutes");
        }
        byte[] expected = ("v0=" + HexFormat.of().formatHex(hmac(timestamp.trim(), body))).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) {
            return java.util.Optional.of("bad signature");
        }
        return java.util.Optional.empty();
    }

    private byte[] hmac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
