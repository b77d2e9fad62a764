package dev.mxbridge.irc;

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

    private PuppetLines() {
    }

    /** Whether PircBotX should handle the line for the registered puppet with the given nick. */
    static boolean concernsSelf(String raw, String nick) {
        IrcLine line = IrcLine.parse(raw).orElse(null);
        if (line == null || line.nick().isEmpty()) {
            return true;
        }
        if (isNumeric(line.command())) {
            return false; // replies about channels and users (NAMES, WHO, topic): the bridge bot's
        }
        if (same(line.nick().get(), nick)) {
            return true;
        }
        return switch (line.command().toUpperCase(java.util.Locale.ROOT)) {
            case "KICK" -> same(line.param(1), nick);
            case "PRIVMSG" -> same(line.param(0), nick) && line.param(1).equals(VERSION_REQUEST);
            default -> false;
        };
    }

    private static boolean isNumeric(String command) {
        return command.length() == 3 && command.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean same(String a, String b) {
        return a.length() == b.length() && IrcNames.fold(a).equals(IrcNames.fold(b));
    }
}
