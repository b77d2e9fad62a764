package dev.mxbridge.core.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** Deterministic transaction ids; the formula is documented on {@link Intent}. */
final class TxnIds {

    private TxnIds() {
    }

    static String derive(UserId user, String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("transaction key must not be empty");
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(user.value().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            byte[] hash = sha256.digest(key.getBytes(StandardCharsets.UTF_8));
            return "mxb" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
