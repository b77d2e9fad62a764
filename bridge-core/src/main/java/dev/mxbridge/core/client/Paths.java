package dev.mxbridge.core.client;

import java.nio.charset.StandardCharsets;

/** Builds request paths, percent-encoding every variable segment. */
final class Paths {

    static final String CLIENT_V3 = "/_matrix/client/v3";
    static final String CLIENT_V1 = "/_matrix/client/v1";
    static final String MEDIA_V3 = "/_matrix/media/v3";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Paths() {
    }

    /** {@code prefix} as is, then each segment encoded, joined by {@code /}. */
    static String of(String prefix, String... segments) {
        StringBuilder path = new StringBuilder(prefix);
        for (String segment : segments) {
            path.append('/').append(encode(segment));
        }
        return path.toString();
    }

    /**
     * Percent-encodes everything but RFC 3986 unreserved characters, so ids with {@code ! # @ : $ /} and spaces
     * stay within their path segment or query value.
     */
    static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }
}
