package dev.mxbridge.irc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line from the server: {@code [@tags] [:source] COMMAND params... [:trailing]}, the trailing parameter last in
 * {@code params}. IRCv3 tags are skipped.
 *
 * @param nick the source's nick (or server name), empty for lines without a source
 */
record IrcLine(Optional<String> nick, String command, List<String> params) {

    static Optional<IrcLine> parse(String raw) {
        String line = raw;
        if (line.startsWith("@")) {
            int space = line.indexOf(' ');
            if (space < 0) {
                return Optional.empty();
            }
            line = line.substring(space + 1);
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
        return command == null ? Optional.empty() : Optional.of(new IrcLine(nick, command, List.copyOf(params)));
    }

    /** The parameter at {@code i}, or empty text. */
    String param(int i) {
        return i < params.size() ? params.get(i) : "";
    }
}
