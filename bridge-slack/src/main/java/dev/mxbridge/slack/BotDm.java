package dev.mxbridge.slack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A Slack user's DM with the bridge's bot (the app's Messages tab). It is never bridged: there is nobody on the
 * Matrix side to talk to. Instead the bot answers each message there with what it is, how channels reach Matrix, and
 * whether a Matrix user is logged in as this Slack user (and so sees their DMs in Matrix). The bot's DMs are told
 * apart from logged-in users' DMs (which Slack sends too, for their tokens) by asking {@code conversations.info} with
 * the bot's token, which sees only the bot's own; the answer is kept.
 *
 * <p>Thread-safe; answers are sent off the caller's thread, once per Slack event even if it is delivered again.
 */
final class BotDm {
    private static final Logger LOG = LoggerFactory.getLogger(BotDm.class);
    private static final int REMEMBERED = 1000;

    private final SlackWeb web;
    private final Directory directory;
    private final DirectChats direct;
    private final Map<String, Boolean> botDms = new ConcurrentHashMap<>();
    private final Set<String> answered = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));

    BotDm(SlackWeb web, Directory directory, DirectChats direct) {
        this.web = web;
        this.directory = directory;
        this.direct = direct;
    }

    /** Whether the payload is about the bot's own DM (and so not to be bridged); a person's message there is answered. */
    boolean handle(JsonNode payload) {
        JsonNode event = payload.path("event");
        if (!event.path("channel_type").asString("").equals("im") || !isBotDm(event.path("channel").asString(""))) {
            return false;
        }
        String user = event.path("user").asString("");
        boolean fromPerson = event.path("type").asString("").equals("message") && !event.has("subtype")
                && !event.has("bot_id") && !user.isEmpty() && !user.equals(directory.botUserId());
        String key = payload.path("event_id").asString(event.path("ts").asString(""));
        if (fromPerson && answered.add(key)) {
            String channel = event.path("channel").asString();
            String text = answer(direct.matrixUserOf(user));
            Thread.ofVirtual().name("slack-bot-dm").start(() -> {
                try {
                    web.call("chat.postMessage", c -> c.chatPostMessage(r -> r.channel(channel).text(text)));
                } catch (SlackBridgeException e) {
                    LOG.warn("could not answer a DM to the bot: {}", e.getMessage());
                }
            });
        }
        return true;
    }

    static String answer(Optional<String> matrixUser) {
        String login = matrixUser.map(m -> "You are logged in from Matrix as " + m + ": your Slack DMs and group DMs "
                        + "appear there, and what you write there is sent as you.")
                .orElse("No Matrix account is logged in as you. A Matrix user logs in by sending `!slack login` to the "
                        + "bridge's bot in Matrix; their Slack DMs then appear there.");
        return "Hi! I am the bridge between this Slack workspace and Matrix. Messages to me here are not bridged.\n"
                + "Channels I am in are bridged to Matrix rooms: invite me to a channel and Matrix users can join it.\n"
                + login;
    }

    private boolean isBotDm(String channel) {
        if (channel.isEmpty()) {
            return false;
        }
        Boolean known = botDms.get(channel);
        if (known != null) {
            return known;
        }
        boolean mine;
        try {
            // Not through web.call: a bot without im:read (an older manifest) is not a token problem to report.
            var info = SlackWeb.call("conversations.info", web.slack().methods(web.botToken()),
                    c -> c.conversationsInfo(r -> r.channel(channel)));
            mine = info.getChannel() != null && info.getChannel().isIm();
        } catch (SlackWeb.RateLimited e) {
            return false; // not known yet: treated as before, asked again next time
        } catch (SlackBridgeException e) {
            mine = false; // channel_not_found: a DM of others, seen through a logged-in user's token; or no im:read
        }
        botDms.put(channel, mine);
        return mine;
    }
}
