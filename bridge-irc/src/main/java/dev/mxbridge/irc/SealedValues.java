package dev.mxbridge.irc;

import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.secret.Secret;
import java.util.Optional;

/**
 * Secrets users gave the bridge, sealed with the bridge's key in its store, each bound to its own key so a sealed
 * value copied under another key does not open: Matrix users' IRC passwords ({@code storepass}, by Matrix user) and
 * the keys of {@code +k} channels ({@code join #channel key}, by channel). Never shown or logged.
 */
final class SealedValues {
    private final NetworkContext context;
    private final String namespace;
    private final String bindingPrefix;

    private SealedValues(NetworkContext context, String namespace, String bindingPrefix) {
        this.context = context;
        this.namespace = namespace;
        this.bindingPrefix = bindingPrefix;
    }

    /** Users' IRC passwords, by Matrix user id. */
    static SealedValues passwords(NetworkContext context) {
        return new SealedValues(context, "irc.passwords", "irc-password:");
    }

    /** Channel keys, by lower-case channel name. */
    static SealedValues channelKeys(NetworkContext context) {
        return new SealedValues(context, "irc.channel-keys", "irc-channel-key:");
    }

    void store(String key, Secret value) {
        context.store().put(namespace, key, context.seal(value, binding(key)));
    }

    /** Whether there was one. */
    boolean remove(String key) {
        return context.store().delete(namespace, key);
    }

    Optional<Secret> find(String key) {
        return context.store().get(namespace, key).map(sealed -> context.open(sealed, binding(key)));
    }

    private String binding(String key) {
        return bindingPrefix + key;
    }
}
