package dev.mxbridge.irc;

import dev.mxbridge.core.network.KeyValueStore;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Matrix bans of IRC users, the same in client and link mode: the {@code +b} mask a ban sets, remembered per channel
 * and nick so that lifting the ban in Matrix removes exactly that mask, even after the user has left IRC.
 */
final class MatrixBans {
    /** The store's namespace of the mask each Matrix ban set, by channel and folded nick. */
    private static final String MASKS = "irc.matrix-bans";

    private final KeyValueStore store;

    MatrixBans(KeyValueStore store) {
        this.store = store;
    }

    /**
     * The mask that bans {@code nick} with {@code user@host} if known: {@code *!*@host}, as an operator's
     * {@code /kickban} sets, so a new nick or ident does not get round it; {@code *!user@host} where the host is one
     * the bridge's own users share ({@code sharedHost}), so as not to ban Matrix users with them; {@code nick!*@*}
     * if the host is unknown.
     */
    static String mask(String nick, Optional<String> userHost, Predicate<String> sharedHost) {
        if (userHost.isEmpty() || userHost.get().indexOf('@') < 1) {
            return IrcText.word(nick) + "!*@*";
        }
        String user = userHost.get().substring(0, userHost.get().indexOf('@'));
        String host = userHost.get().substring(userHost.get().indexOf('@') + 1);
        return IrcText.word((sharedHost.test(host) ? "*!" + user : "*!*") + "@" + host);
    }

    /** Remembers the mask a ban of {@code nick} set in the channel; returns it. */
    String banned(String channel, String nick, String mask) {
        store.put(MASKS, key(channel, nick), mask);
        return mask;
    }

    /** The mask a ban of {@code nick} set in the channel, forgotten now that the ban is lifted. */
    Optional<String> lifted(String channel, String nick) {
        Optional<String> mask = store.get(MASKS, key(channel, nick));
        mask.ifPresent(m -> store.delete(MASKS, key(channel, nick)));
        return mask;
    }

    private static String key(String channel, String nick) {
        return IrcNames.fold(channel) + " " + IrcNames.fold(nick);
    }
}
