package dev.mxbridge.irc;

import java.util.Locale;
import java.util.Optional;

/** IRC nick and channel names: case folding, channel validation, and nicks made from Matrix display names. */
final class IrcNames {
    private static final int MAX_CHANNEL_LENGTH = 50;

    private IrcNames() {
    }

    /** The name in RFC 1459 case ({@code [ ] \ ~} fold to {@code { } | ^}), for comparing nicks and channels. */
    static String fold(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            out.append(fold(name.charAt(i)));
        }
        return out.toString();
    }

    /** One character of {@link #fold(String)}. */
    static char fold(char c) {
        return switch (c) {
            case '[' -> '{';
            case ']' -> '}';
            case '\\' -> '|';
            case '~' -> '^';
            default -> c < 0x80 ? Character.toLowerCase(c) : c;
        };
    }

    /** The channel, lower-cased, if the text is a valid channel name ({@code #} or {@code &}, one parameter). */
    static Optional<String> channel(String text) {
        if (text.length() < 2 || text.length() > MAX_CHANNEL_LENGTH
                || (text.charAt(0) != '#' && text.charAt(0) != '&') || !IrcText.isClean(text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(IrcText.word(text).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * A nick from the template for a Matrix user: characters IRC does not allow in nicks are dropped, a leading
     * digit or dash gets a {@code _} before it, and the result is cut to {@code maxLength} keeping the template's
     * suffix (e.g. {@code [m]}), so that users can still tell puppets apart.
     */
    static String nick(String template, String displayName, String localpart, int maxLength) {
        int at = template.indexOf('{');
        String name = template.contains("{displayname}") ? displayName : localpart;
        String placeholder = template.contains("{displayname}") ? "{displayname}" : "{localpart}";
        int p = template.indexOf(placeholder);
        String before = valid(template.substring(0, p));
        String after = valid(template.substring(p + placeholder.length()));
        String core = valid(name);
        if (core.isEmpty()) {
            core = valid(localpart);
        }
        if (core.isEmpty()) {
            core = "user";
        }
        int room = Math.max(1, maxLength - before.length() - after.length());
        if (core.length() > room) {
            core = core.substring(0, room);
        }
        String nick = before + core + after;
        if (at < 0 || nick.isEmpty()) {
            nick = "user";
        }
        char first = nick.charAt(0);
        if (Character.isDigit(first) || first == '-') {
            nick = ("_" + nick);
        }
        return nick.length() > maxLength ? nick.substring(0, maxLength) : nick;
    }

    /**
     * A user name (ident) for a nick: its ASCII letters and digits, lower-cased, at most 10 (servers refuse
     * others, ngIRCd the {@code [} and {@code ]} of {@code name[m]}); {@code matrix} if none are left.
     */
    static String userName(String nick) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < nick.length() && out.length() < 10; i++) {
            char c = Character.toLowerCase(nick.charAt(i));
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                out.append(c);
            }
        }
        return out.isEmpty() ? "matrix" : out.toString();
    }

    /** The characters of the text that may stand in a nick: ASCII letters, digits and {@code -[]\`^_{|}}. */
    private static String valid(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-[]\\`^_{|}".indexOf(c) >= 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
