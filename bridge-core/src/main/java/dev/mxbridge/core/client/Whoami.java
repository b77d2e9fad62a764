package dev.mxbridge.core.client;

import java.util.Optional;

/**
 * Who the homeserver takes the caller for ({@code GET /account/whoami}).
 *
 * @param userId   the user the token (and asserted {@code user_id}) resolve to
 * @param deviceId the device, if the identity has one
 * @param isGuest  whether the user is a guest
 */
public record Whoami(UserId userId, Optional<String> deviceId, boolean isGuest) {
}
