package dev.mxbridge.irc;

import dev.mxbridge.core.network.NotBridgedException;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.network.RemoteUserId;
import java.util.Optional;

/**
 * What a portal key names, as far as can be told without the network: a private chat (its portal complete), a channel
 * the configuration allows (the caller finds its topic and modes), or nothing of ours. A channel the configuration
 * refuses is {@link NotBridgedException}, with the reason.
 */
sealed interface PortalKey {

    /** A private chat's portal. */
    record Direct(RemoteRoomInfo info) implements PortalKey { }

    /** A channel that may be bridged. */
    record Channel(String name) implements PortalKey { }

    /** Not a key of ours. */
    record None() implements PortalKey { }

    static PortalKey of(String key, ChannelRules channels) throws NotBridgedException {
        Optional<PrivateChats.Chat> chat = PrivateChats.fromPortalKey(key);
        if (chat.isPresent()) {
            return new Direct(RemoteRoomInfo.direct(chat.get().room(), chat.get().nick(),
                    new RemoteUserId(chat.get().nick()), chat.get().matrixUser()));
        }
        Optional<String> channel = IrcNames.channel(key);
        if (channel.isEmpty()) {
            return new None();
        }
        Optional<String> refusal = channels.refusal(channel.get());
        if (refusal.isPresent()) {
            throw new NotBridgedException(refusal.get());
        }
        return new Channel(channel.get());
    }
}
