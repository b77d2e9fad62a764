package dev.mxbridge.irc;

import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.secret.Secret;
import java.util.Optional;

/**
 * Keys of {@code +k} channels that users gave with {@code join #channel key}: sealed in the bridge's store, bound
 * to the channel, used by every connection joining it, never shown or logged ({@link SecretLines}).
 */
final class ChannelKeys {
    static final String NAMESPACE = "irc.channel-keys";

    private final NetworkContext context;

    ChannelKeys(NetworkContext context) {
        this.context = context;
    }

    void store(String channel, Secret key) {
        context.store().put(NAMESPACE, channel, context.seal(key, binding(channel)));
    }

    Optional<String> find(String channel) {
        return context.store().get(NAMESPACE, channel).map(sealed -> context.open(sealed, binding(channel)).reveal());
    }

    private static String binding(String channel) {
        return "irc-channel-key:" + channel;
    }
}
