package dev.mxbridge.core.format;

import dev.mxbridge.core.client.RoomAlias;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Links to users and rooms, the targets of pills: {@code https://matrix.to/#/@alice:example.org} and the
 * {@code matrix:} URI scheme ({@code matrix:u/alice:example.org}) of the spec's appendix on URIs. Links to events
 * ({@code matrix.to/#/!room:server/$event}) are not mentions.
 */
final class MatrixUris {

    private static final String MATRIX_TO = "https://matrix.to/#/";
    /** Characters of an id that stay as they are in a matrix.to link; the rest are percent-encoded. */
    private static final String KEPT = "-._~!$+=@:#";

    private MatrixUris() {
    }

    /** The mention a link is a pill for, if it is one. */
    static Optional<MentionTarget> parse(String href) {
        String lower = href.toLowerCase(Locale.ROOT);
        for (String prefix : new String[] {MATRIX_TO, "http://matrix.to/#/"}) {
            if (lower.startsWith(prefix)) {
                return decode(withoutQuery(href.substring(prefix.length()))).flatMap(MatrixUris::target);
            }
        }
        if (lower.startsWith("matrix:")) {
            return matrixScheme(withoutQuery(href.substring("matrix:".length())));
        }
        return Optional.empty();
    }

    /** The matrix.to link for a user, room or alias. */
    static String link(MentionTarget target) {
        String id = switch (target) {
            case MentionTarget.User(UserId user) -> user.value();
            case MentionTarget.Room(RoomId room) -> room.value();
            case MentionTarget.Alias(RoomAlias alias) -> alias.value();
            case MentionTarget.Everyone e -> throw new IllegalArgumentException("@room has no link");
        };
        StringBuilder out = new StringBuilder(MATRIX_TO);
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || KEPT.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static Optional<MentionTarget> target(String id) {
        if (!id.startsWith("@") && id.indexOf('/') >= 0) {
            return Optional.empty(); // a room followed by an event: a permalink, not a pill
        }
        try {
            return switch (id.isEmpty() ? ' ' : id.charAt(0)) {
                case '@' -> Optional.of(new MentionTarget.User(new UserId(id)));
                case '!' -> Optional.of(new MentionTarget.Room(new RoomId(id)));
                case '#' -> Optional.of(new MentionTarget.Alias(new RoomAlias(id)));
                default -> Optional.empty();
            };
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    private static Optional<MentionTarget> matrixScheme(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        String sigil = switch (parts[0]) {
            case "u" -> "@";
            case "r" -> "#";
            case "roomid" -> "!";
            default -> "";
        };
        return sigil.isEmpty() ? Optional.empty() : decode(parts[1]).flatMap(id -> target(sigil + id));
    }

    private static String withoutQuery(String s) {
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    /** Percent-decodes as UTF-8, leaving {@code +} alone (it is part of ids); empty if malformed. */
    private static Optional<String> decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !HexFormat.isHexDigit(s.charAt(i + 1))
                        || !HexFormat.isHexDigit(s.charAt(i + 2))) {
                    return Optional.empty();
                }
                bytes.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
                i += 2;
            } else {
                int codePoint = s.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint) - 1;
            }
        }
        return Optional.of(bytes.toString(StandardCharsets.UTF_8));
    }
}
