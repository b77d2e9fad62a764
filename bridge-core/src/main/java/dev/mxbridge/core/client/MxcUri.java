package dev.mxbridge.core.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A content URI, {@code mxc://server/mediaId}, naming media in a homeserver's media repository.
 *
 * @param server  the server that holds the media
 * @param mediaId the id of the media on that server
 */
public record MxcUri(String server, String mediaId) {

    private static final String SCHEME = "mxc://";

    public MxcUri {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(mediaId, "mediaId");
        if (server.isEmpty() || mediaId.isEmpty() || server.contains("/") || mediaId.contains("/")) {
            throw new IllegalArgumentException("mxc uri needs a server and a media id without '/': "
                    + server + " " + mediaId);
        }
    }

    /** Parses {@code mxc://server/mediaId}. */
    public static MxcUri parse(String uri) {
        return tryParse(uri).orElseThrow(() -> new IllegalArgumentException("not an mxc:// uri: " + uri));
    }

    /** Parses {@code mxc://server/mediaId}, or returns empty for anything else (e.g. a remote profile's junk). */
    public static Optional<MxcUri> tryParse(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new MxcUri(rest.substring(0, slash), rest.substring(slash + 1)));
    }

    @Override
    public String toString() {
        return SCHEME + server + "/" + mediaId;
    }
}
