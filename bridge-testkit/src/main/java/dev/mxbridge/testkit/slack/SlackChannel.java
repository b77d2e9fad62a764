package dev.mxbridge.testkit.slack;

import java.util.List;

/**
 * A conversation as it is now: a public or private channel, a DM ({@code D…}) or a group DM ({@code G…}).
 *
 * @param name    the channel name without {@code #}; empty for DMs
 * @param members user ids in the order they joined
 */
public record SlackChannel(String id, String name, Kind kind, String topic, String purpose, boolean archived,
                           List<String> members) {
    public SlackChannel {
        members = List.copyOf(members);
    }

    /** The kinds of conversation, with the {@code channel_type} Slack puts on message events. */
    public enum Kind {
        PUBLIC("channel"), PRIVATE("group"), DM("im"), GROUP_DM("mpim");

        private final String channelType;

        Kind(String channelType) {
            this.channelType = channelType;
        }

        /** {@code channel}, {@code group}, {@code im} or {@code mpim}. */
        public String channelType() {
            return channelType;
        }
    }
}
