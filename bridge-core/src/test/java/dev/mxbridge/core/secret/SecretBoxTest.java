package dev.mxbridge.core.secret;

import dev.mxbridge.core.seal.SecretBox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    private static final String AD = "login:@alice:example.org:telegram";
    private static final Secret TOKEN = Secret.of("xoxb-super-secret-token");

    private final SecretBox box = SecretBox.fromBase64Key(SecretBox.generateKey());

    private static byte[] payload(String sealed) {
        return Base64.getUrlDecoder().decode(sealed.substring("v1:".length()));
    }

    private static String sealedOf(byte[] payload) {
        return "v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
    }

    @Test
    void whatIsEncryptedDecryptsToTheSameValue() {
        for (String value : new String[] {"", "hunter2", "pässwörd ✓ 🔑", "line\nbreak", "x".repeat(10_000)}) {
            assertThat(box.decrypt(box.encrypt(Secret.of(value), AD), AD).reveal()).isEqualTo(value);
        }
    }

    @Test
    void theOutputIsVersionedUrlSafeBase64OfNonceCiphertextAndTag() {
        String sealed = box.encrypt(TOKEN, AD);
        assertThat(sealed).startsWith("v1:").doesNotContain(TOKEN.reveal());
        assertThat(sealed.substring(3)).matches("[A-Za-z0-9_-]+");
        assertThat(payload(sealed)).hasSize(12 + TOKEN.reveal().length() + 16);
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        Set<String> sealed = new HashSet<>();
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String s = box.encrypt(TOKEN, AD);
            sealed.add(s);
            nonces.add(Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(payload(s), 12)));
        }
        assertThat(sealed).hasSize(1000);
        assertThat(nonces).hasSize(1000);
    }

    @Test
    void flippingAnyByteIsDetected() {
        byte[] original = payload(box.encrypt(TOKEN, AD));
        for (int i = 0; i < original.length; i++) {
            byte[] tampered = original.clone();
            tampered[i] ^= 0x01;
            String text = sealedOf(tampered);
            assertThatThrownBy(() -> box.decrypt(text, AD))
                    .isInstanceOf(SecretException.class)
                    .hasMessage("cannot decrypt: wrong key, wrong associated data, "
                            + "or the encrypted secret was altered");
        }
    }

    @Test
    void aValueSealedForOneOwnerDoesNotOpenForAnother() {
        String sealed = box.encrypt(TOKEN, "login:@alice:example.org");
        assertThatThrownBy(() -> box.decrypt(sealed, "login:@mallory:example.org"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("wrong associated data");
        assertThatThrownBy(() -> box.decrypt(sealed, ""))
                .isInstanceOf(SecretException.class);
    }

    @Test
    void anotherKeyCannotDecrypt() {
        String sealed = box.encrypt(TOKEN, AD);
        SecretBox other = SecretBox.fromBase64Key(SecretBox.generateKey());
        assertThatThrownBy(() -> other.decrypt(sealed, AD)).isInstanceOf(SecretException.class);
    }

    @Test
    void malformedInputIsRejectedWithoutEchoingIt() {
        String sealed = box.encrypt(TOKEN, AD);
        assertThatThrownBy(() -> box.decrypt("v2:" + sealed.substring(3), AD))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("known version")
                .message().doesNotContain(sealed.substring(3));
        assertThatThrownBy(() -> box.decrypt("v1:not*base64", AD))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("not valid base64url")
                .message().doesNotContain("not*base64");
        assertThatThrownBy(() -> box.decrypt(sealed.substring(0, 23), AD))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() -> box.decrypt(TOKEN.reveal(), AD))
                .isInstanceOf(SecretException.class)
                .message().doesNotContain(TOKEN.reveal());
    }

    @Test
    void generatedKeysAreRandom32ByteBase64() {
        String key = SecretBox.generateKey();
        assertThat(Base64.getDecoder().decode(key)).hasSize(32);
        assertThat(SecretBox.generateKey()).isNotEqualTo(key);
    }

    @Test
    void keysAreAcceptedInEitherAlphabetWithOrWithoutPadding() {
        byte[] raw = new byte[32];
        raw[0] = (byte) 0xfb;
        raw[1] = (byte) 0xff;
        SecretBox standard = SecretBox.fromBase64Key(Base64.getEncoder().encodeToString(raw) + "\n");
        SecretBox urlSafe = SecretBox.fromBase64Key(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        assertThat(urlSafe.decrypt(standard.encrypt(TOKEN, AD), AD)).isEqualTo(TOKEN);
    }

    @Test
    void aKeyOfTheWrongLengthOrEncodingIsRejectedWithoutShowingIt() {
        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretBox.fromBase64Key(short16))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("must be 32 bytes (256 bits) but is 16 bytes")
                .message().doesNotContain(short16);
        assertThatThrownBy(() -> SecretBox.fromBase64Key("correct horse battery staple"))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("not valid base64")
                .message().doesNotContain("horse");
        assertThatThrownBy(() -> SecretBox.fromBase64Key(""))
                .isInstanceOf(SecretException.class)
                .hasMessageContaining("but is 0 bytes");
    }

    @Test
    void theBoxDoesNotPrintItsKey() {
        String key = SecretBox.generateKey();
        assertThat(SecretBox.fromBase64Key(key).toString()).doesNotContain(key);
    }
}
