package dev.mxbridge.irc;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which channels the operator lets the bridge bridge ({@code network.channels}): glob patterns ({@code *} any run,
 * {@code ?} one character), compared case-insensitively with IRC case mapping. A channel is bridged if it matches
 * an {@code allow} pattern (or there are none) and no {@code deny} pattern. Applies to portals, {@code link} and
 * static mappings alike.
 */
record ChannelRules(List<String> allow, List<String> deny) {
    static final ChannelRules ALL = new ChannelRules(List.of(), List.of());

    ChannelRules {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** Why the channel may not be bridged, or empty if it may. */
    Optional<String> refusal(String channel) {
        Optional<String> denied = deny.stream().filter(p -> matches(p, channel)).findFirst();
        if (denied.isPresent()) {
            return Optional.of(channel + " is excluded from bridging by the operator (" + denied.get() + ")");
        }
        if (!allow.isEmpty() && allow.stream().noneMatch(p -> matches(p, channel))) {
            return Optional.of(channel + " is not among the channels this bridge bridges");
        }
        return Optional.empty();
    }

    static boolean matches(String glob, String channel) {
        StringBuilder regex = new StringBuilder();
        for (char c : IrcNames.fold(glob).toCharArray()) {
            regex.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.matches(regex.toString(), IrcNames.fold(channel));
    }
}
