package dev.mxbridge.irc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who holds ops ({@code +o}, or the higher {@code ~}/{@code &}) or voice ({@code +v}, or half-op {@code %}) in each
 * channel, our own connections included: from {@code NAMES} prefixes and {@code MODE} changes. Gives the Matrix
 * power level a member's rank maps to (ops 50, voice 1) and tells the bridge whether a connection may kick. Not
 * thread-safe: {@link ChannelTracker} calls it under its lock.
 */
final class ChannelRanks {
    static final int OP_LEVEL = 50;
    static final int VOICE_LEVEL = 1;

    /** channel → folded nick → modes among {@code o} and {@code v}. */
    private final Map<String, Map<String, Set<Character>>> ranks = new HashMap<>();

    /** A {@code NAMES} entry, e.g. {@code @alice}; returns the nick without its prefixes. */
    String named(String channel, String entry) {
        int i = 0;
        Set<Character> modes = new TreeSet<>();
        while (i < entry.length() && "~&@%+".indexOf(entry.charAt(i)) >= 0) {
            modes.add("~&@".indexOf(entry.charAt(i)) >= 0 ? 'o' : 'v');
            i++;
        }
        String nick = entry.substring(i);
        if (!nick.isEmpty()) {
            of(channel).put(IrcNames.fold(nick), modes);
        }
        return nick;
    }

    /**
     * A {@code MODE} change of a channel ({@code +o-v}, with its arguments); returns the nicks whose rank changed.
     * Modes that take an argument are skipped with it, so that {@code +kv key nick} voices {@code nick}.
     */
    List<String> mode(String channel, String change, List<String> args) {
        List<String> changed = new java.util.ArrayList<>();
        for (ModeChange m : ModeChange.parse(change, args)) {
            if ("ovqah".indexOf(m.mode()) >= 0 && m.arg().isPresent()) {
                String nick = m.arg().get();
                char rank = m.mode() == 'v' || m.mode() == 'h' ? 'v' : 'o';
                Set<Character> modes = of(channel).computeIfAbsent(IrcNames.fold(nick), k -> new TreeSet<>());
                if (m.add() ? modes.add(rank) : modes.remove(rank)) {
                    changed.add(nick);
                }
            }
        }
        return changed;
    }

    /** The modes that move a member from power level {@code now}'s rank to {@code level}'s: {@code +o-v}, with nicks. */
    record Change(String modes, List<String> nicks) {
    }

    /**
     * What makes {@code nick} hold the rank of power level {@code level} ({@code +o} for 50 and up, {@code +v} for 1
     * to 49, neither below), from the rank of {@code now}; empty if nothing changes.
     */
    static Optional<Change> toward(String nick, int now, int level) {
        boolean op = level >= OP_LEVEL;
        boolean voice = !op && level >= VOICE_LEVEL;
        StringBuilder modes = new StringBuilder();
        List<String> nicks = new java.util.ArrayList<>();
        if (op != (now == OP_LEVEL)) {
            modes.append(op ? "+o" : "-o");
            nicks.add(nick);
        }
        if (voice != (now == VOICE_LEVEL)) {
            modes.append(voice ? "+v" : "-v");
            nicks.add(nick);
        }
        return nicks.isEmpty() ? Optional.empty() : Optional.of(new Change(modes.toString(), nicks));
    }

    /** The Matrix power level of a member's rank: 50 for ops, 1 for voice, 0 otherwise. */
    int level(String channel, String nick) {
        Set<Character> modes = of(channel).getOrDefault(IrcNames.fold(nick), Set.of());
        return modes.contains('o') ? OP_LEVEL : modes.contains('v') ? VOICE_LEVEL : 0;
    }

    boolean isOp(String channel, String nick) {
        return level(channel, nick) == OP_LEVEL;
    }

    void renamed(String from, String to) {
        for (Map<String, Set<Character>> channel : ranks.values()) {
            Set<Character> modes = channel.remove(IrcNames.fold(from));
            if (modes != null) {
                channel.put(IrcNames.fold(to), modes);
            }
        }
    }

    void left(String channel, String nick) {
        of(channel).remove(IrcNames.fold(nick));
    }

    void quit(String nick) {
        ranks.values().forEach(channel -> channel.remove(IrcNames.fold(nick)));
    }

    /** The bot left the channel: nothing is known about it any more. */
    void forget(String channel) {
        ranks.remove(channel);
    }

    private Map<String, Set<Character>> of(String channel) {
        return ranks.computeIfAbsent(channel, c -> new HashMap<>());
    }
}
