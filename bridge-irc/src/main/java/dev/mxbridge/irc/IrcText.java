package dev.mxbridge.irc;

import java.util.Objects;

/**
 * The edge sanitiser for everything a Matrix user controls that goes to IRC: message text, display names turned into
 * nicks, channel names, topics, kick reasons, command arguments. IRC ends a command at CR or LF, and many servers at
 * NUL, so a value holding one could smuggle a second command ({@code "hi\r\nJOIN #evil"}). {@link #clean} makes a
 * value safe to put anywhere in a line; {@link #word} additionally makes sure it stays one parameter.
 *
 * <p>The bots guard again where every line leaves ({@link SafeBot}); this class is the first line, where the text is
 * still known to be text.
 */
public final class IrcText {

    private IrcText() {
    }

    /**
     * The value with every run of CR and LF replaced by one space and every NUL removed. Message text that may span
     * lines is split into lines first ({@link IrcLines}); this is for single-line values.
     */
    public static String clean(String value) {
        Objects.requireNonNull(value, "value");
        if (isClean(value)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean inBreak = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                if (!inBreak) {
                    out.append(' ');
                }
                inBreak = true;
            } else {
                inBreak = false;
                if (c != '\0') {
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** Whether the value holds no CR, LF or NUL, i.e. cannot end or cut an IRC line. */
    public static boolean isClean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    /**
     * A value that must be exactly one middle parameter of an IRC command: a nick, a channel name, a channel key, a
     * message target. Cleaned as by {@link #clean}, then refused if empty or if it holds a space or comma (which
     * would add parameters or targets: {@code JOIN #a,#evil}) or starts with {@code :} (which would swallow the
     * rest of the line).
     *
     * @throws IllegalArgumentException if it cannot be one parameter
     */
    public static String word(String value) {
        String clean = clean(value);
        if (clean.isEmpty()) {
            throw new IllegalArgumentException("an IRC parameter must not be empty");
        }
        if (clean.startsWith(":")) {
            throw new IllegalArgumentException("an IRC parameter must not start with ':': " + clean);
        }
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            if (c == ' ' || c == ',' || c == '\u0007') {
                throw new IllegalArgumentException("an IRC parameter must not contain spaces, commas or BEL: "
                        + clean);
            }
        }
        return clean;
    }
}
