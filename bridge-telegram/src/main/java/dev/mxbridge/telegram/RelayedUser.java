package dev.mxbridge.telegram;

import dev.mxbridge.core.client.Media;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.OutboundMessage;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import java.util.Optional;

/**
 * The relay bot acting for one Matrix user without a login: what {@link TelegramConnector#clientFor} answers. The
 * core asks only a user's own connection to rename a portal, change its avatar or show typing, never the relay; so
 * every user allowed to relay gets this, which sends their messages through the {@link Relay} exactly as the core
 * would (marked relayed, in the relay format) and carries those room changes to it. Business chats take only their
 * owner's login: a message there without one fails with the reason.
 */
final class RelayedUser implements NetworkClient, NetworkClient.Edits, NetworkClient.RoomNames,
        NetworkClient.RoomAvatars, NetworkClient.TypingNotices {
    private final Relay relay;

    RelayedUser(Relay relay) {
        this.relay = relay;
    }

    @Override
    public Optional<RemoteUserId> account() {
        return relay.account();
    }

    @Override
    public RemoteMessageId send(RemoteRoomId room, OutboundMessage message) throws Exception {
        if (Business.isRoom(room)) {
            throw new TelegramException("this business chat is written to only through its owner's login; "
                    + "log in again with !telegram login");
        }
        return relay.send(room, relayed(message));
    }

    @Override
    public void edit(RemoteRoomId room, RemoteMessageId target, OutboundMessage replacement) throws Exception {
        if (!Business.isRoom(room)) {
            relay.edit(room, target, relayed(replacement));
        }
    }

    @Override
    public void setRoomName(RemoteRoomId room, String name) throws Exception {
        relay.setRoomName(room, name);
    }

    @Override
    public void setRoomAvatar(RemoteRoomId room, Optional<Media> avatar) throws Exception {
        relay.setRoomAvatar(room, avatar);
    }

    @Override
    public void typing(RemoteRoomId room, boolean typing) throws Exception {
        relay.typing(room, typing);
    }

    /** The message as the core hands it to a relay: marked relayed, with the sender's name for the format. */
    static OutboundMessage relayed(OutboundMessage m) {
        return new OutboundMessage(m.sender(), m.senderName(), m.senderAvatar(), m.content(), m.replyTo(), true,
                m.thread(), m.quote(), m.eventId());
    }
}
