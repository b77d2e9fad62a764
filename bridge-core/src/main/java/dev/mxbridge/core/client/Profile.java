package dev.mxbridge.core.client;

import java.util.Optional;

/**
 * A user's public profile, or a room member's per-room one. An avatar that is not a valid {@code mxc://} URI is
 * treated as absent.
 *
 * @param displayName the display name, if set
 * @param avatarUrl   the avatar, if set
 */
public record Profile(Optional<String> displayName, Optional<MxcUri> avatarUrl) {
}
