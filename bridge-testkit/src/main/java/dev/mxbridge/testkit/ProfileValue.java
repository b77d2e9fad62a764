package dev.mxbridge.testkit;

import java.util.Optional;

record ProfileValue(Optional<String> displayName, Optional<String> avatarUrl) implements Profile {
}
