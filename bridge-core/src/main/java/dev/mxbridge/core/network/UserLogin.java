package dev.mxbridge.core.network;

import dev.mxbridge.core.secret.Secret;

/**
 * A Matrix user's login on the remote network.
 *
 * @param matrixUser  the Matrix user id
 * @param loginId     the network's id for this login, unique per Matrix user (e.g. the remote account name)
 * @param remoteUser  the remote account it acts as
 * @param credentials what the network needs to reconnect (a token, a JSON blob); stored encrypted, never logged
 */
public record UserLogin(String matrixUser, String loginId, RemoteUserId remoteUser, Secret credentials) {
}
