package dev.mxbridge.core.secret;

import dev.mxbridge.core.BridgeException;

/**
 * A key that cannot be used, or a sealed secret that cannot be opened. The message never contains key material,
 * plaintext or ciphertext.
 */
public final class SecretException extends BridgeException {
    public SecretException(String message) {
        super(message);
    }

    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
