package dev.mxbridge.irc;

import java.util.Set;

/**
 * Which lines from the server a puppet's PircBotX still handles once registered: those about the puppet itself
 * (its own {@code JOIN}, {@code PART}, {@code NICK}, {@code QUIT}, a {@code KICK} of it, a CTCP {@code VERSION} to
 * it) and those without a source ({@code PING}, {@code ERROR}). Everything about other users ({@code NAMES}, their
 * joins, parts, quits, nick changes, modes and messages) is the bridge bot's to track: PircBotX would record every
 * member of every channel of every puppet (about 540 bytes per puppet and member: 5,000 puppets in one channel would
 * hold 12 GiB). The bridge reads what puppets receive from the raw lines, which it sees before this filter.
 */
final class PuppetLines {
    private static final String VERSION_REQUEST = "\u0001VERSION\u0001";
    private static final Set<String> JOIN_REFUSALS = Set.of("405", "471", "473", "474", "475", "477", "489");

    private PuppetLines() {
    }

    /**
     * Whether PircBotX should handle the line for the registered puppet with the given nick. Every line of every
     * puppet passes here (in a shared channel, each join reaches every puppet), so it scans without allocating.
     */
    static boolean concernsSelf(String raw, String nick) {
        int at = 0;
        if (raw.startsWith("@")) {
            at = raw.indexOf(' ') + 1; // IRCv3 tags
            if (at == 0) {
                return true;
            }
        }
        if (!raw.startsWith(":", at)) {
            return true; // PING, ERROR
        }
        int sourceEnd = raw.indexOf(' ', at);
        if (sourceEnd < 0) {
            return true;
        }
        int bang = raw.indexOf('!', at);
        int nickEnd = bang > 0 && bang < sourceEnd ? bang : sourceEnd;
        int command = sourceEnd + 1;
        int commandEnd = end(raw, command);
        if (commandEnd - command == 3 && isDigit(raw, command) && isDigit(raw, command + 1)
                && isDigit(raw, command + 2)) {
            return false; // replies about channels and users (NAMES, WHO, topic): the bridge bot's
        }
        if (same(raw, at + 1, nickEnd, nick)) {
            return true;
        }
        int target = commandEnd + 1;
        int targetEnd = end(raw, target);
        if (raw.startsWith("KICK ", command)) {
            int victim = targetEnd + 1;
            if (raw.startsWith(":", victim)) {
                victim++;
            }
            return victim < raw.length() && same(raw, victim, end(raw, victim), nick);
        }
        return raw.startsWith("PRIVMSG ", command) && same(raw, target, targetEnd, nick)
                && raw.startsWith(" :" + VERSION_REQUEST, targetEnd) && raw.length() == targetEnd + 2
                + VERSION_REQUEST.length();
    }

    /**
     * Whether the line is a reply refusing a {@code JOIN}: too many channels, full, invite only, banned, bad key,
     * registered or TLS users only (405, 471, 473, 474, 475, 477, 489). Allocates only for numerics.
     */
    static boolean refusesJoin(String raw) {
        int at = raw.startsWith("@") ? raw.indexOf(' ') + 1 : 0;
        if (at == 0 && raw.startsWith("@") || !raw.startsWith(":", at)) {
            return false;
        }
        int command = raw.indexOf(' ', at) + 1;
        if (command == 0 || end(raw, command) - command != 3 || !isDigit(raw, command)) {
            return false;
        }
        return JOIN_REFUSALS.contains(raw.substring(command, command + 3));
    }

    /** The end of the word that starts at {@code from}. */
    private static int end(String raw, int from) {
        int space = raw.indexOf(' ', Math.min(from, raw.length()));
        return space < 0 ? raw.length() : space;
    }

    private static boolean isDigit(String raw, int i) {
        return i < raw.length() && raw.charAt(i) >= '0' && raw.charAt(i) <= '9';
    }

    /** Whether {@code raw[from, to)} is the nick in RFC 1459 case. */
    private static boolean same(String raw, int from, int to, String nick) {
        if (to - from != nick.length()) {
            return false;
        }
        for (int i = 0; i < nick.length(); i++) {
            if (IrcNames.fold(raw.charAt(from + i)) != IrcNames.fold(nick.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
