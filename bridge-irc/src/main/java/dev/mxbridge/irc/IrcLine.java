package dev.mxbridge.irc;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line from the server: {@code [@tags] [:source] COMMAND params... [:trailing]}, the trailing parameter last in
 * {@code params}. IRCv3 message tags ({@code message-tags}, {@code server-time}) are parsed and unescaped as the
 * message-tags specification says ({@code \:} is {@code ;}, {@code \s} a space, {@code \\} a backslash); a tag
 * without a value has the empty one.
 *
 * @param tags the line's tags, in order; empty for a line without
 * @param nick the source's nick (or server name), empty for lines without a source
 */
record IrcLine(Map<String, String> tags, Optional<String> nick, String command, List<String> params) {

    IrcLine {
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        params = List.copyOf(params);
    }

    static Optional<IrcLine> parse(String raw) {
        String line = raw;
        Map<String, String> tags = Map.of();
        if (line.startsWith("@")) {
            int space = line.indexOf(' ');
            if (space < 0) {
                return Optional.empty();
            }
            tags = tags(line.substring(1, space));
            line = line.substring(space + 1);
            while (line.startsWith(" ")) {
                line = line.substring(1);
            }
        }
        Optional<String> nick = Optional.empty();
        if (line.startsWith(":")) {
            int space = line.indexOf(' ');
            if (space < 0) {
                return Optional.empty();
            }
            String source = line.substring(1, space);
            int bang = source.indexOf('!');
            nick = Optional.of(bang < 0 ? source : source.substring(0, bang));
            line = line.substring(space + 1);
        }
        List<String> params = new ArrayList<>();
        String command = null;
        while (!line.isEmpty()) {
            if (line.startsWith(":") && command != null) {
                params.add(line.substring(1));
                break;
            }
            int space = line.indexOf(' ');
            String word = space < 0 ? line : line.substring(0, space);
            if (!word.isEmpty()) {
                if (command == null) {
                    command = word;
                } else {
                    params.add(word);
                }
            }
            line = space < 0 ? "" : line.substring(space + 1);
        }
        return command == null ? Optional.empty() : Optional.of(new IrcLine(tags, nick, command, params));
    }

    /** The line without its tags, as servers without {@code message-tags} send it. */
    static String untagged(String raw) {
        if (!raw.startsWith("@")) {
            return raw;
        }
        int space = raw.indexOf(' ');
        return space < 0 ? "" : raw.substring(space + 1).stripLeading();
    }

    /** The parameter at {@code i}, or empty text. */
    String param(int i) {
        return i < params.size() ? params.get(i) : "";
    }

    /** A tag's value, if the line has the tag. */
    Optional<String> tag(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    /** When the server says it happened ({@code server-time}: {@code time=2024-01-02T03:04:05.678Z}), if it does. */
    Optional<Instant> time() {
        return tag("time").flatMap(time -> {
            try {
                return Optional.of(Instant.parse(time));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /** The server's id of the message ({@code msgid}), if it gave one. */
    Optional<String> msgid() {
        return tag("msgid").filter(id -> !id.isEmpty());
    }

    private static Map<String, String> tags(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : text.split(";")) {
            if (tag.isEmpty()) {
                continue;
            }
            int eq = tag.indexOf('=');
            tags.put(eq < 0 ? tag : tag.substring(0, eq), eq < 0 ? "" : unescape(tag.substring(eq + 1)));
        }
        return tags;
    }

    /** A tag value escaped for the wire: the inverse of {@link #unescape}. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case ';' -> out.append("\\:");
                case ' ' -> out.append("\\s");
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\0' -> {
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Tag value escapes: {@code \:} {@code ;}, {@code \s} space, {@code \\} backslash, {@code \r} and {@code \n}. */
    static String unescape(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                out.append(c);
            } else if (i + 1 < value.length()) {
                char next = value.charAt(++i);
                out.append(switch (next) {
                    case ':' -> ';';
                    case 's' -> ' ';
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    default -> next;
                });
            }
        }
        return out.toString();
    }
}
