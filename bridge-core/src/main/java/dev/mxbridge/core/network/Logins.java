package dev.mxbridge.core.network;

import java.util.List;

/**
 * A {@link NetworkConnector} whose users can log in with their own remote account, so the bridge puppets them:
 * their Matrix messages go out as themselves, not through the relay. The core runs the login conversation
 * ({@code login} command), stores the result encrypted, and reconnects stored logins at start-up.
 */
public interface Logins {

    /** The ways to log in, first the default. */
    List<LoginFlow> loginFlows();

    /** Starts a login with the given flow for a Matrix user. */
    LoginProcess startLogin(String flowId, String matrixUser) throws Exception;

    /** A connection for a stored (or just completed) login; called at start-up for every stored login. */
    NetworkClient connect(UserLogin login) throws Exception;

    /** Ends a login on the network side (the core forgets it either way). */
    default void logout(UserLogin login) throws Exception {
    }

    /**
     * A way to log in.
     *
     * @param id          short id used in {@code login <id>}
     * @param name        human name
     * @param description one line for the help text
     */
    record LoginFlow(String id, String name, String description) {
    }
}
