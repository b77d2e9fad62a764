package dev.mxbridge.core.network;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns any remote id into a valid Matrix localpart and back, with the spec's reversible mapping ("Mapping from
 * other character sets"): {@code a-z 0-9 . - /} stay, an upper-case letter becomes {@code _} and its lower case,
 * {@code _} becomes {@code __}, and every other byte of the UTF-8 form becomes {@code =} and two hex digits.
 * So {@code Alice} is {@code _alice}, {@code bob_smith} is {@code bob__smith} and {@code é} is {@code =c3=a9}.
 */
public final class Localparts {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Localparts() {
    }

    /** The escaped form of {@code remote}; never empty for a non-empty input. */
    public static String escape(String remote) {
        StringBuilder out = new StringBuilder(remote.length() + 8);
        for (byte b : remote.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '/') {
                out.append((char) c);
            } else if (c >= 'A' && c <= 'Z') {
                out.append('_').append((char) (c + 32));
            } else if (c == '_') {
                out.append("__");
            } else {
                out.append('=').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * The remote id an escaped localpart came from.
     *
     * @throws IllegalArgumentException if {@code localpart} is not the output of {@link #escape}
     */
    public static String unescape(String localpart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(localpart.length());
        for (int i = 0; i < localpart.length(); i++) {
            char c = localpart.charAt(i);
            if (c == '_') {
                char next = at(localpart, ++i);
                if (next == '_') {
                    out.write('_');
                } else if (next >= 'a' && next <= 'z') {
                    out.write(next - 32);
                } else {
                    throw new IllegalArgumentException("not an escaped localpart: '_' before '" + next + "'");
                }
            } else if (c == '=') {
                out.write(Integer.parseInt("" + at(localpart, ++i) + at(localpart, ++i), 16));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '/') {
                out.write(c);
            } else {
                throw new IllegalArgumentException("not an escaped localpart: '" + c + "'");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static char at(String s, int i) {
        if (i >= s.length()) {
            throw new IllegalArgumentException("not an escaped localpart: it ends in the middle of an escape");
        }
        return s.charAt(i);
    }
}
