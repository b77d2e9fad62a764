package dev.mxbridge.core.seal;

import dev.mxbridge.core.secret.Secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bridge's sealing key: from configuration, else from a key file created (owner-only) on first start. */
public final class KeyFile {
    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);

    private KeyFile() {
    }

    /** The configured key if there is one, else the key in {@code file}, created if missing. */
    public static SecretBox load(Secret configured, Path file) {
        if (!configured.isEmpty()) {
            return SecretBox.fromBase64Key(configured.reveal());
        }
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".secret", ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
                Files.writeString(tmp, SecretBox.generateKey() + "\n");
                Files.move(tmp, file);
                LOG.warn("generated a new secret key in {}: back it up, stored credentials cannot be read without it", file);
            }
            return SecretBox.fromBase64Key(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret key file " + file, e);
        }
    }
}
