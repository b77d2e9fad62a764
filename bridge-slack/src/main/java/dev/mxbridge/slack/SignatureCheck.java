package dev.mxbridge.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing: {@code X-Slack-Signature} must be {@code v0=} and the hex HMAC-SHA256, under the signing
 * secret, of {@code v0:<X-Slack-Request-Timestamp>:<body>}, compared in constant time; the timestamp must be within
 * five minutes of our clock in either direction (Slack's SDK only rejects old ones). The headers are checked on their
 * own first, so a request that cannot be genuine is refused before its body is read.
 */
final class SignatureCheck {
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Pattern SHAPE = Pattern.compile("v0=[0-9a-fA-F]{64}");
    private final byte[] secret;
    private final Clock clock;

    SignatureCheck(String signingSecret, Clock clock) {
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /**
     * Why the request is refused before its body is read: no signature or timestamp, a timestamp that is not a number
     * or outside the window, a signature not of the form {@code v0=} and 64 hex digits. Empty if the body is worth
     * reading and checking with {@link #problem}.
     */
    Optional<String> problemBeforeBody(String timestamp, String signature) {
        if (timestamp == null || signature == null) {
            return Optional.of("unsigned");
        }
        long at;
        try {
            at = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Optional.of("bad timestamp");
        }
        if (Math.abs(clock.instant().getEpochSecond() - at) > WINDOW.toSeconds()) {
            return Optional.of("timestamp outside five minutes");
        }
        if (!SHAPE.matcher(signature.trim()).matches()) {
            return Optional.of("malformed signature");
        }
        return Optional.empty();
    }

    /** Why the request is refused, or empty if it is genuine and fresh. */
    Optional<String> problem(String timestamp, String signature, byte[] body) {
        Optional<String> early = problemBeforeBody(timestamp, signature);
        if (early.isPresent()) {
            return early;
        }
        byte[] expected = ("v0=" + HexFormat.of().formatHex(hmac(timestamp.trim(), body))).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("bad signature");
        }
        return Optional.empty();
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
