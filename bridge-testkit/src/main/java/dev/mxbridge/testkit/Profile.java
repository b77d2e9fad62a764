package dev.mxbridge.testkit;

import java.util.Optional;

/** A user's display name and avatar, globally ({@link TestUser#profile}) or in one room. */
public sealed interface Profile permits ProfileValue {
    /** The display name, if set. */
    Optional<String> displayName();

    /** An {@code mxc://} URI. */
    Optional<String> avatarUrl();
}
