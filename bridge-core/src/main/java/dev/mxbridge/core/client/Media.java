package dev.mxbridge.core.client;

import java.util.Objects;
import java.util.Optional;

/**
 * Downloaded media. The array is the caller's to keep; records compare it by identity.
 *
 * @param content     the bytes
 * @param contentType the {@code Content-Type} the homeserver gave, {@code application/octet-stream} if none
 * @param filename    the file name from {@code Content-Disposition}, if any
 */
public record Media(byte[] content, String contentType, Optional<String> filename) {

    public Media {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(filename, "filename");
    }
}
