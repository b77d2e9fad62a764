package dev.mxbridge.irc;

import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.secret.Secret;
import java.util.Optional;

/**
 * Matrix users' IRC passwords ({@code storepass}), sealed with the bridge's key and bound to the user, in the
 * bridge's store: a sealed value copied to another user's key does not open.
 */
final class Passwords {
    static final String NAMESPACE = "irc.passwords";

    private final NetworkContext context;

    Passwords(NetworkContext context) {
        this.context = context;
    }

    void store(String matrixUser, Secret password) {
        context.store().put(NAMESPACE, matrixUser, context.seal(password, binding(matrixUser)));
    }

    /** Whether there was one. */
    boolean remove(String matrixUser) {
        return context.store().delete(NAMESPACE, matrixUser);
    }

    Optional<Secret> find(String matrixUser) {
        return context.store().get(NAMESPACE, matrixUser).map(sealed -> context.open(sealed, binding(matrixUser)));
    }

    private static String binding(String matrixUser) {
        return "irc-password:" + matrixUser;
    }
}
