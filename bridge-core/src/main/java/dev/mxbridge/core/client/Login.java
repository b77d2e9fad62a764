package dev.mxbridge.core.client;

import dev.mxbridge.core.secret.Secret;
import java.util.Objects;

/**
 * A session a {@link MatrixClient#login login} created: whose it is, its access token and its device.
 *
 * @param deviceId empty if the homeserver named none
 */
public record Login(UserId userId, Secret accessToken, String deviceId) {
    public Login {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
