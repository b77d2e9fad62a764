package dev.mxbridge.testkit.slack;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code chat.postMessage}, {@code chat.update}, {@code chat.delete}, {@code chat.getPermalink} and {@code reactions.*}. */
final class ChatMethods {
    private static final Set<TokenType> BOT_OR_USER = Set.of(TokenType.BOT, TokenType.USER);
    private static final int MAX_TEXT = 40_000;

    private final Limits limits;

    ChatMethods(Limits limits) {
        this.limits = limits;
    }

    void register(WebApi api) {
        api.register("chat.postMessage", BOT_OR_USER, this::postMessage);
        api.register("chat.update", BOT_OR_USER, this::update);
        api.register("chat.delete", BOT_OR_USER, this::delete);
        api.register("chat.getPermalink", BOT_OR_USER, this::permalink);
        api.register("reactions.add", BOT_OR_USER, call -> react(call, true));
        api.register("reactions.remove", BOT_OR_USER, call -> react(call, false));
    }

    private ObjectNode postMessage(Call call) {
        call.require("chat:write");
        Args args = call.args();
        Optional<String> username = args.string("username");
        Optional<String> iconUrl = args.string("icon_url");
        Optional<String> iconEmoji = args.string("icon_emoji");
        boolean customized = username.isPresent() || iconUrl.isPresent() || iconEmoji.isPresent();
        if (customized && call.isBot()) {
            call.require("chat:write.customize");
        }
        Conversation c = target(call);
        Optional<JsonNode> blocks = blocks(args);
        String text = args.string("text").orElse("");
        if (text.isEmpty() && blocks.isEmpty() && args.string("attachments").isEmpty()) {
            throw new SlackError("no_text");
        }
        if (text.length() > MAX_TEXT) {
            throw new SlackError("msg_too_long");
        }
        Optional<String> threadTs = args.string("thread_ts");
        if (threadTs.isPresent() && !Ids.isTs(threadTs.get())) {
            throw new SlackError("invalid_thread_ts");
        }
        limits.pacePost(c.id);
        Workspace ws = call.workspace();
        StoredMessage m = ws.newMessage(c, call.caller(), call.isBot() ? ws.app.botId() : null, text);
        blocks.ifPresent(b -> m.blocks = b);
        threadTs.ifPresent(ts -> m.threadTs = c.message(ts).filter(StoredMessage::isReply).map(r -> r.threadTs)
                .orElse(Ids.format(Ids.micros(ts))));
        if (threadTs.isPresent() && args.bool("reply_broadcast")) {
            m.subtype = "thread_broadcast";
        } else if (call.isBot() && customized) {
            m.subtype = "bot_message";
        }
        if (call.isBot() && customized) {
            m.username = username.orElse(null);
            m.iconUrl = iconUrl.orElse(null);
            m.iconEmoji = iconUrl.isPresent() ? null : iconEmoji.orElse(null);
        }
        if (!call.isBot()) {
            m.clientMsgId = UUID.randomUUID().toString();
        }
        ws.post(c, m);
        ObjectNode answer = Json.ok().put("channel", c.id).put("ts", m.ts);
        answer.set("message", ws.message(c, m));
        return answer;
    }

    /** The conversation to post to: a channel the caller may post in, or the DM with a user given by id. */
    private static Conversation target(Call call) {
        Workspace ws = call.workspace();
        String ref = call.args().required("channel", "channel_not_found");
        Optional<SlackUser> user = ws.conversation(ref).isEmpty() ? ws.user(ref) : Optional.empty();
        if (user.isPresent()) {
            return ws.directConversation(new LinkedHashSet<>(List.of(call.caller(), user.get().id())));
        }
        Conversation c = call.conversation("channel");
        if (c.archived) {
            throw new SlackError("is_archived");
        }
        boolean publicPost = c.kind == SlackChannel.Kind.PUBLIC && call.isBot() && call.has("chat:write.public");
        if (!c.members.contains(call.caller()) && !publicPost) {
            throw new SlackError("not_in_channel");
        }
        return c;
    }

    private ObjectNode update(Call call) {
        call.require("chat:write");
        Conversation c = call.conversation("channel");
        StoredMessage m = call.message(c, "ts");
        if (!m.user.equals(call.caller())) {
            throw new SlackError("cant_update_message");
        }
        Optional<JsonNode> blocks = blocks(call.args());
        String text = call.args().string("text").orElse("");
        if (text.isEmpty() && blocks.isEmpty()) {
            throw new SlackError("no_text");
        }
        if (text.length() > MAX_TEXT) {
            throw new SlackError("msg_too_long");
        }
        call.workspace().edit(c, m, call.caller(), text, blocks);
        ObjectNode answer = Json.ok().put("channel", c.id).put("ts", m.ts).put("text", m.text);
        answer.set("message", call.workspace().message(c, m));
        return answer;
    }

    private ObjectNode delete(Call call) {
        call.require("chat:write");
        Conversation c = call.conversation("channel");
        StoredMessage m = call.message(c, "ts");
        if (!m.user.equals(call.caller())) {
            throw new SlackError("cant_delete_message");
        }
        call.workspace().delete(c, m);
        return Json.ok().put("channel", c.id).put("ts", m.ts);
    }

    private ObjectNode permalink(Call call) {
        Conversation c = call.conversation("channel");
        StoredMessage m = call.message(c, "message_ts");
        return Json.ok().put("channel", c.id)
                .put("permalink", call.workspace().render.baseUrl() + "archives/" + c.id + "/p" + m.ts.replace(".", ""));
    }

    private ObjectNode react(Call call, boolean add) {
        call.require("reactions:write");
        Conversation c = call.conversation("channel");
        StoredMessage m = call.message(c, "timestamp");
        String name = call.args().required("name", "invalid_name");
        if (!name.matches("[a-z0-9_+'-]+(::skin-tone-[2-6])?")) {
            throw new SlackError("invalid_name");
        }
        if (add) {
            call.workspace().react(c, m, call.caller(), name);
        } else {
            call.workspace().unreact(c, m, call.caller(), name);
        }
        return Json.ok();
    }

    private static Optional<JsonNode> blocks(Args args) {
        Optional<JsonNode> blocks = args.json("blocks", "invalid_blocks");
        if (blocks.isPresent() && !blocks.get().isArray()) {
            throw new SlackError("invalid_blocks");
        }
        return blocks;
    }
}
