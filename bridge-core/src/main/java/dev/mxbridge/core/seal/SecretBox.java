package dev.mxbridge.core.seal;

import dev.mxbridge.core.secret.Secret;
import dev.mxbridge.core.secret.SecretException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts credentials for storage with AES-256-GCM under one key from the config or the environment.
 *
 * <p><b>Format.</b> {@link #encrypt} returns {@code v1:} followed by unpadded base64url of
 * {@code nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes)}. Each encryption draws a fresh random nonce, so encrypting
 * the same value twice gives different text; with random nonces one key is good for about 2<sup>32</sup>
 * encryptions.
 *
 * <p><b>Associated data.</b> Every call names what the secret belongs to, for example
 * {@code "login:@alice:example.org:telegram"}. It is authenticated but not stored: a value only opens with the
 * associated data it was sealed with, so a stored credential copied onto another user's or login's row fails to
 * decrypt instead of logging that user in as someone else. Build it so that different owners cannot produce the same
 * text.
 *
 * <p>Immutable and thread-safe.
 */
public final class SecretBox {
    private static final String VERSION = "v1:";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * A box with the key in {@code base64} (standard or URL-safe alphabet, padding optional), as made by
     * {@link #generateKey()}.
     *
     * @throws SecretException if the text is not base64 or not 32 bytes
     */
    public static SecretBox fromBase64Key(String base64) {
        Objects.requireNonNull(base64, "base64");
        String text = base64.strip().replace('-', '+').replace('_', '/');
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SecretException("the secret key is not valid base64 (make one with: openssl rand -base64 32)");
        }
        try {
            if (key.length != KEY_BYTES) {
                throw new SecretException("the secret key must be " + KEY_BYTES + " bytes (256 bits) but is "
                        + key.length + " bytes (make one with: openssl rand -base64 32)");
            }
            return new SecretBox(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** A new random 256-bit key in standard base64 (44 characters), for {@link #fromBase64Key(String)}. */
    public static String generateKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        try {
            return Base64.getEncoder().encodeToString(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Seals {@code plaintext} to be opened only with this key and the same {@code associatedData}. */
    public String encrypt(Secret plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] sealed;
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
            sealed = cipher.doFinal(plaintext.reveal().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot encrypt: AES-GCM is not available", e);
        }
        byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /**
     * Opens a value made by {@link #encrypt}.
     *
     * @throws SecretException if the text is not in this format, was altered, or was sealed with another key or
     *                         other associated data
     */
    public Secret decrypt(String sealed, String associatedData) {
        Objects.requireNonNull(sealed, "sealed");
        if (!sealed.startsWith(VERSION)) {
            throw new SecretException("cannot decrypt: not an encrypted secret of a known version (expected v1:)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretException("cannot decrypt: the encrypted secret is not valid base64url");
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretException("cannot decrypt: the encrypted secret is too short");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), associatedData);
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            try {
                return Secret.of(new String(plain, StandardCharsets.UTF_8));
            } finally {
                Arrays.fill(plain, (byte) 0);
            }
        } catch (AEADBadTagException e) {
            throw new SecretException(
                    "cannot decrypt: wrong key, wrong associated data, or the encrypted secret was altered");
        } catch (GeneralSecurityException e) {
            throw new SecretException("cannot decrypt: AES-GCM failed", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
        Objects.requireNonNull(associatedData, "associatedData");
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "SecretBox[AES-256-GCM]";
    }
}
