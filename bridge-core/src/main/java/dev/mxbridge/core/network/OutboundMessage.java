package dev.mxbridge.core.network;

import java.util.Optional;

/**
 * A Matrix user's message on its way to the remote network.
 *
 * @param sender      the Matrix user id
 * @param senderName  the sender's display name in the room (or the user id's localpart)
 * @param senderAvatar the sender's avatar ({@code mxc://}), if any, for networks showing virtual users
 * @param content     what to send; for relayed messages already prefixed with the sender (see {@code relayed})
 * @param replyTo     the remote message it answers, if the Matrix event was a reply to a bridged message
 * @param relayed     whether it goes out through the relay account on the sender's behalf
 * @param thread      the remote root message of the Matrix thread ({@code m.thread}) it was posted in, if any
 */
public record OutboundMessage(String sender, String senderName, Optional<String> senderAvatar, MessageContent content,
                              Optional<RemoteMessageId> replyTo, boolean relayed, Optional<RemoteMessageId> thread) {

    /** A message outside any thread. */
    public OutboundMessage(String sender, String senderName, Optional<String> senderAvatar, MessageContent content,
                           Optional<RemoteMessageId> replyTo, boolean relayed) {
        this(sender, senderName, senderAvatar, content, replyTo, relayed, Optional.empty());
    }
}
