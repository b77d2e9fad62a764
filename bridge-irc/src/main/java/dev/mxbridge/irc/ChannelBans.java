package dev.mxbridge.irc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ban masks ({@code +b nick!user@host}, {@code *} and {@code ?} as wildcards) of the network's channels as a
 * linked server sees them: from the burst and {@code MODE} changes (TS6's {@code BMASK} and {@code TMODE} read as
 * {@code MODE}). Link mode checks its own users against them: server joins pass bans, so the bridge keeps out
 * whom the channel bans. Thread-safe.
 */
final class ChannelBans {
    /** channel → masks as written. */
    private final Map<String, Set<String>> bans = new HashMap<>();

    /** A {@code MODE} change of a channel ({@code +b-o mask nick}); returns the ban masks it added. */
    synchronized List<String> mode(String channel, String change, List<String> args) {
        List<String> added = new ArrayList<>();
        for (ModeChange m : ModeChange.parse(change, args)) {
            if (m.mode() != 'b' || m.arg().isEmpty()) {
                continue;
            }
            String mask = m.arg().get();
            if (!m.add()) {
                bans.getOrDefault(channel, new LinkedHashSet<>())
                        .removeIf(b -> IrcNames.fold(b).equals(IrcNames.fold(mask)));
            } else if (bans.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(mask)) {
                added.add(mask);
            }
        }
        return added;
    }

    /** The first ban of the channel that {@code nick!user@host} matches. */
    synchronized Optional<String> matching(String channel, String mask) {
        return bans.getOrDefault(channel, Set.of()).stream().filter(ban -> matches(ban, mask)).findFirst();
    }

    /** Whether a ban mask matches {@code nick!user@host}, case-insensitively as IRC folds. */
    static boolean matches(String ban, String mask) {
        return ChannelRules.matches(ban, mask);
    }

    /** A new link: the burst names the bans again. */
    synchronized void clear() {
        bans.clear();
    }
}
