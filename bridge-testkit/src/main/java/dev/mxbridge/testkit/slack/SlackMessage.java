package dev.mxbridge.testkit.slack;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A message as it is stored now (after any edits).
 *
 * @param user      the author ({@code U…}); the bot user for messages posted with a bot token
 * @param botId     set for messages posted with a bot token
 * @param subtype   e.g. {@code thread_broadcast}, {@code bot_message}, {@code file_share}, {@code channel_join}
 * @param threadTs  the thread's parent ts, for replies (and set on a parent that has replies)
 * @param username  the name a bot posted under with {@code chat:write.customize}
 * @param iconUrl   the avatar a bot posted with with {@code chat:write.customize}
 * @param blocks    the Block Kit JSON, if the message has blocks
 * @param edited    whether it was edited
 * @param reactions emoji name to the users who reacted with it, in order
 * @param fileIds   files shared with the message
 */
public record SlackMessage(String channel, String ts, String user, Optional<String> botId, String text,
                           Optional<String> subtype, Optional<String> threadTs, Optional<String> username,
                           Optional<String> iconUrl, Optional<String> blocks, boolean edited,
                           Map<String, List<String>> reactions, List<String> fileIds) {
    public SlackMessage {
        reactions = Map.copyOf(reactions);
        fileIds = List.copyOf(fileIds);
    }

    /** Whether it is a reply in a thread (and not the thread's parent). */
    public boolean isReply() {
        return threadTs.filter(t -> !t.equals(ts)).isPresent();
    }
}
