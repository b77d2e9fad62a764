package dev.mxbridge.irc;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits message text into IRC messages that fit the protocol's 512-byte line limit as the <em>recipients</em> get
 * it: the server relays {@code :nick!user@host PRIVMSG <target> :<text>\r\n}, so the sender's source prefix counts
 * too. Servers cut relayed lines that are too long (ngIRCd appends {@code [CUT]}) and disconnect a client whose own
 * line is (ngIRCd: "Request too long").
 *
 * <p>Counts UTF-8 bytes, never cuts inside a character (a grapheme cluster, so an accented letter or an emoji with
 * its modifiers stays whole), prefers to cut at a space (which is then dropped), and carries formatting over: a part
 * that continues bold, coloured text starts with the codes that restore it. Line breaks in the text start new
 * messages; empty lines are dropped, as IRC cannot send them.
 *
 * <pre>{@code
 * int prefix = IrcLines.sourcePrefixBytes("alice[m]", "~alice", "irc.example.org");
 * for (String part : IrcLines.split("#chan", text, prefix)) {
 *     bot.sendIRC().message("#chan", part);
 * }
 * }</pre>
 */
public final class IrcLines {

    /** The longest line, CR LF included (RFC 1459, 2812). */
    public static final int MAX_LINE_BYTES = 512;

    /** The longest host name a server may show for a client, assumed while the real one is unknown. */
    public static final int MAX_HOST_BYTES = 63;

    /** The longest user name (ident) with the {@code ~} that marks it unverified, assumed while it is unknown. */
    public static final int MAX_USER_BYTES = 11;

    /** Beneath this many bytes for the text there is no sensible way to split. */
    private static final int MIN_PAYLOAD_BYTES = 64;

    /** Grapheme clusters longer than this (stacked combining marks) may be cut between code points. */
    private static final int MAX_CLUSTER_BYTES = 32;

    /** How a message is sent, which decides the bytes around its text. */
    public enum Kind {
        /** {@code PRIVMSG <target> :<text>}. */
        PRIVMSG("PRIVMSG", "", ""),
        /** {@code NOTICE <target> :<text>}. */
        NOTICE("NOTICE", "", ""),
        /** A CTCP ACTION ({@code /me}): {@code PRIVMSG <target> :\x01ACTION <text>\x01}. */
        ACTION("PRIVMSG", "\u0001ACTION ", "\u0001");

        private final String command;
        private final String before;
        private final String after;

        Kind(String command, String before, String after) {
            this.command = command;
            this.before = before;
            this.after = after;
        }

        /** The whole line as the client sends it, without CR LF, for a part that {@link #split} returned. */
        public String line(String target, String part) {
            return command + " " + target + " :" + text(part);
        }

        /** The text of the message for a part: the part itself, or wrapped as a CTCP ACTION. */
        public String text(String part) {
            return before + part + after;
        }
    }

    private IrcLines() {
    }

    /** Splits text for {@code PRIVMSG}s; see {@link #split(Kind, String, String, int)}. */
    public static List<String> split(String target, String text, int prefixBytes) {
        return split(Kind.PRIVMSG, target, text, prefixBytes);
    }

    /**
     * Splits text into the parts to send, each the text of one message of the given kind (for {@link Kind#ACTION}
     * without the CTCP framing, which the sender adds, as PircBotX's {@code action} does).
     *
     * @param target      the channel or nick the messages go to
     * @param text        the text; may hold line breaks and IRC formatting codes; NUL and {@code \x01} are dropped
     * @param prefixBytes the UTF-8 length of the source prefix the server puts before relayed lines, colon and
     *                    trailing space included: {@link #sourcePrefixBytes}
     * @return the parts in order; empty if the text has nothing to send
     * @throws IllegalArgumentException if the target is not one parameter, or leaves no room for text
     */
    public static List<String> split(Kind kind, String target, String text, int prefixBytes) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        int budget = payloadBytes(kind, target, prefixBytes);
        if (budget < MIN_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("a " + kind + " to " + target + " with a " + prefixBytes
                    + "-byte prefix leaves only " + budget + " bytes for text");
        }
        List<String> parts = new ArrayList<>();
        for (String line : text.split("\r\n|\r|\n", -1)) {
            splitLine(line.replace("\0", "").replace("\u0001", ""), budget, parts);
        }
        return parts;
    }

    /** How many bytes of text one message can carry. */
    public static int payloadBytes(Kind kind, String target, int prefixBytes) {
        if (prefixBytes < 0) {
            throw new IllegalArgumentException("prefix bytes must not be negative: " + prefixBytes);
        }
        return MAX_LINE_BYTES - 2 - prefixBytes - utf8(kind.line(IrcText.word(target), ""));
    }

    /** The length of {@code :nick!user@host } (with colon and space), the prefix the server adds. */
    public static int sourcePrefixBytes(String nick, String user, String host) {
        return utf8(":" + nick + "!" + user + "@" + host + " ");
    }

    /** The longest the prefix may be for a nick whose user and host are not yet known. */
    public static int worstCasePrefixBytes(String nick) {
        return utf8(nick) + MAX_USER_BYTES + MAX_HOST_BYTES + 4;
    }

    /** The UTF-8 length of a string. */
    static int utf8(CharSequence s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // lone surrogates go out as the 3-byte replacement character
            }
        }
        return bytes;
    }

    /** The longest start of {@code s} that fits {@code maxBytes} of UTF-8 without cutting a code point. */
    static String truncate(String s, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            int size = utf8(s.substring(i, i + n));
            if (bytes + size > maxBytes) {
                return s.substring(0, i);
            }
            bytes += size;
            i += n;
        }
        return s;
    }

    private record Token(int start, int end, int bytes, boolean code, boolean space) {
    }

    private static void splitLine(String line, int budget, List<String> parts) {
        List<Token> tokens = tokens(line);
        IrcStyle style = IrcStyle.PLAIN;
        int i = 0;
        while (i < tokens.size()) {
            String restore = style.restore(firstChar(line, tokens, i));
            int room = budget - utf8(restore);
            int end = i;
            int used = 0;
            while (end < tokens.size() && used + tokens.get(end).bytes() <= room) {
                used += tokens.get(end).bytes();
                end++;
            }
            int next = end;
            if (end < tokens.size()) {
                // Cut at the last space that leaves something before it; the space itself goes.
                for (int k = end; k > i; k--) {
                    if (k < tokens.size() && tokens.get(k).space() && hasText(tokens, i, k)) {
                        end = k;
                        next = k + 1;
                        break;
                    }
                }
            }
            if (next == i) {
                next = i + 1; // cannot happen with the minimum budget; guarantees progress all the same
                end = next;
            }
            if (hasText(tokens, i, end)) {
                parts.add(restore + line.substring(tokens.get(i).start(), tokens.get(end - 1).end()));
            }
            for (int k = i; k < next; k++) {
                Token t = tokens.get(k);
                if (t.code()) {
                    style = style.apply(line, t.start(), t.end() - t.start());
                }
            }
            i = next;
        }
    }

    private static char firstChar(String line, List<Token> tokens, int from) {
        for (int k = from; k < tokens.size(); k++) {
            if (!tokens.get(k).code()) {
                return line.charAt(tokens.get(k).start());
            }
        }
        return ' ';
    }

    private static boolean hasText(List<Token> tokens, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!tokens.get(k).code()) {
                return true;
            }
        }
        return false;
    }

    /** Formatting codes with their arguments, and grapheme clusters (code points where a cluster is huge). */
    private static List<Token> tokens(String line) {
        List<Token> tokens = new ArrayList<>();
        BreakIterator clusters = BreakIterator.getCharacterInstance();
        clusters.setText(line);
        int i = 0;
        while (i < line.length()) {
            int code = IrcStyle.codeLength(line, i);
            if (code > 0) {
                tokens.add(new Token(i, i + code, code, true, false));
                i += code;
                continue;
            }
            int end = clusters.following(i);
            int codeAt = nextCode(line, i + 1, end);
            end = Math.min(end, codeAt);
            int bytes = utf8(line.subSequence(i, end));
            if (bytes > MAX_CLUSTER_BYTES) {
                end = i + Character.charCount(line.codePointAt(i));
                bytes = utf8(line.subSequence(i, end));
            }
            tokens.add(new Token(i, end, bytes, false, end - i == 1 && line.charAt(i) == ' '));
            i = end;
        }
        return tokens;
    }

    private static int nextCode(String line, int from, int to) {
        for (int k = from; k < to; k++) {
            if (IrcStyle.isCode(line.charAt(k))) {
                return k;
            }
        }
        return to;
    }
}
