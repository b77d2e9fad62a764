package dev.mxbridge.core.room;

import dev.mxbridge.core.network.RemoteMessageId;
import java.util.Optional;

/**
 * A reaction in the message map. Reactions have no remote id of their own, so each bridged reaction is mapped under
 * a made-up one naming who reacted to which message with what: a remote user's reaction finds its Matrix event when
 * it is taken back, and a Matrix user's reaction, when redacted, becomes an {@code unreact} on the network.
 *
 * @param target  the message reacted to
 * @param reactor the remote user or Matrix user who reacted
 * @param key     the emoji (or the network's name for one)
 */
record ReactionKey(RemoteMessageId target, String reactor, String key) {
    private static final String MARK = "\u001Freaction";
    private static final String SEP = "\u001F";

    /** The made-up remote id this reaction is mapped under. */
    RemoteMessageId id() {
        return RemoteMessageId.of(MARK + SEP + target.value() + SEP + target.part() + SEP + reactor + SEP + key);
    }

    /** The reaction a mapped remote id stands for, if it is one. */
    static Optional<ReactionKey> of(RemoteMessageId id) {
        String[] parts = id.value().split(SEP, -1); // "", "reaction", target, part, reactor, key
        if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals(MARK.substring(1))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ReactionKey(new RemoteMessageId(parts[2], Integer.parseInt(parts[3])), parts[4], parts[5]));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
