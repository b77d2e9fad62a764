package dev.mxbridge.core.format;

import dev.mxbridge.core.client.UserId;
import java.util.Optional;

/**
 * Maps mentioned users between Matrix and a remote network; each network module implements it for its own remote
 * user handle {@code R} (an IRC nick, a Slack user id, a Telegram user id). A network's converter calls it when it
 * writes a {@link Node.Mention} in its own syntax and when it reads a remote mention into one.
 *
 * <p>Lookups may reach the bridge's store but should not reach the network: they are called while converting one
 * message, once per mention.
 *
 * @param <R> how the network names a user
 */
public interface MentionResolver<R> {

    /**
     * The remote user that a Matrix user is on the network: the remote user a ghost stands for, or the remote
     * identity the bridge gives a Matrix user (an IRC nick, a puppeted login). Empty when the user has none; the
     * converter then shows the mention's display text.
     */
    Optional<R> toRemote(UserId user);

    /**
     * The Matrix user that stands for a remote user: the ghost, or the Matrix user who logged in as that remote
     * user. Empty when the remote user is unknown; the converter then keeps the remote mention as text.
     */
    Optional<UserId> toMatrix(R remote);
}
