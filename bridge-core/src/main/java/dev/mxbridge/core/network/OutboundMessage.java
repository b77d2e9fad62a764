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
 * @param quote       for a reply: who wrote the message it answers and its text, filled in only for clients that
 *                    implement {@link NetworkClient.QuotedReplies} (IRC shows a short quote)
 * @param eventId     the Matrix event it comes from: the same on every attempt, so a network that can attach it to
 *                    the message (a client message id, metadata) finds the message again for
 *                    {@link NetworkClient.DeliveryCheck}
 */
public record OutboundMessage(String sender, String senderName, Optional<String> senderAvatar, MessageContent content,
                              Optional<RemoteMessageId> replyTo, boolean relayed, Optional<RemoteMessageId> thread,
                              Optional<Quote> quote, String eventId) {

    /**
     * The message a reply answers.
     *
     * @param sender     its author's Matrix id (a ghost's, for a remote author)
     * @param senderName the author's display name in the room
     * @param text       its plain text, without any reply fallback of its own
     */
    public record Quote(String sender, String senderName, String text) {
    }
}
