package dev.mxbridge.testkit.slack;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code conversations.*} methods. */
final class ConversationMethods {
    private static final Set<TokenType> BOT_OR_USER = Set.of(TokenType.BOT, TokenType.USER);

    private final Limits limits;

    ConversationMethods(Limits limits) {
        this.limits = limits;
    }

    void register(WebApi api) {
        api.register("conversations.info", BOT_OR_USER, this::info);
        api.register("conversations.list", BOT_OR_USER, this::list);
        api.register("conversations.history", BOT_OR_USER, this::history);
        api.register("conversations.replies", BOT_OR_USER, this::replies);
        api.register("conversations.members", BOT_OR_USER, this::members);
        api.register("conversations.join", BOT_OR_USER, this::join);
        api.register("conversations.open", BOT_OR_USER, this::open);
        api.register("conversations.setTopic", BOT_OR_USER, call -> manage(call, "topic"));
        api.register("conversations.setPurpose", BOT_OR_USER, call -> manage(call, "purpose"));
        api.register("conversations.rename", BOT_OR_USER, call -> manage(call, "name"));
    }

    /**
     * {@code conversations.setTopic}, {@code setPurpose} and {@code rename} by a member, with {@code channels:manage}
     * (bots) or {@code channels:write} (users) for public channels and {@code groups:write} for private ones; names
     * as Slack allows them.
     */
    private ObjectNode manage(Call call, String what) {
        Conversation c = call.conversation("channel");
        if (c.kind != SlackChannel.Kind.PUBLIC || !call.has("channels:write")) {
            call.require(c.kind == SlackChannel.Kind.PUBLIC ? "channels:manage" : "groups:write");
        }
        if (!c.members.contains(call.caller())) {
            throw new SlackError("not_in_channel");
        }
        if (c.archived) {
            throw new SlackError("is_archived");
        }
        String value = call.args().required(what, "invalid_arguments");
        switch (what) {
            case "topic" -> call.workspace().setTopic(c, call.caller(), value);
            case "purpose" -> call.workspace().setPurpose(c, call.caller(), value);
            default -> {
                if (!value.matches("[a-z0-9_-]{1,80}")) {
                    throw new SlackError("invalid_name_specials");
                }
                if (call.workspace().channelNamed(value).filter(other -> other != c).isPresent()) {
                    throw new SlackError("name_taken");
                }
                call.workspace().rename(c, call.caller(), value);
            }
        }
        return withChannel(call, c);
    }

    private ObjectNode info(Call call) {
        Conversation c = call.conversation("channel");
        call.require(c.readScope());
        return withChannel(call, c);
    }

    private ObjectNode list(Call call) {
        List<SlackChannel.Kind> kinds = Arrays.stream(call.args().string("types").orElse("public_channel").split(","))
                .map(String::trim).map(ConversationMethods::kind).toList();
        boolean excludeArchived = call.args().bool("exclude_archived");
        List<Conversation> all = call.workspace().conversations().stream()
                .filter(c -> kinds.contains(c.kind) && c.visibleTo(call.caller()) && !(excludeArchived && c.archived))
                .toList();
        kinds.forEach(k -> call.require(Conversation.scopePrefix(k) + ":read"));
        Pages<Conversation> page = Pages.of(all, call.args(), 100, 1000);
        ObjectNode answer = Json.ok();
        ArrayNode channels = answer.putArray("channels");
        page.items().forEach(c -> channels.add(call.workspace().render.conversation(c, call.caller())));
        answer.putObject("response_metadata").put("next_cursor", page.nextCursor());
        return answer;
    }

    private ObjectNode history(Call call) {
        Conversation c = readable(call);
        Stream<StoredMessage> top = c.messages.descendingMap().values().stream()
                .filter(m -> !m.isReply() || "thread_broadcast".equals(m.subtype));
        return messagePage(call, c, inWindow(call, top).toList(), 100, limits.historyPageCap());
    }

    private ObjectNode replies(Call call) {
        Conversation c = readable(call);
        StoredMessage parent = call.args().string("ts").flatMap(c::message)
                .orElseThrow(() -> new SlackError("thread_not_found"));
        String threadTs = parent.isReply() ? parent.threadTs : parent.ts;
        Stream<StoredMessage> thread = Stream.concat(c.message(threadTs).stream(), c.replies(threadTs).stream());
        return messagePage(call, c, inWindow(call, thread).toList(), 1000, 1000);
    }

    private ObjectNode members(Call call) {
        Conversation c = call.conversation("channel");
        call.require(c.readScope());
        Pages<String> page = Pages.of(List.copyOf(c.members), call.args(), 100, 1000);
        ObjectNode answer = Json.ok();
        ArrayNode members = answer.putArray("members");
        page.items().forEach(members::add);
        answer.putObject("response_metadata").put("next_cursor", page.nextCursor());
        return answer;
    }

    private ObjectNode join(Call call) {
        call.require(call.isBot() ? "channels:join" : "channels:write");
        Conversation c = call.conversation("channel");
        if (c.kind != SlackChannel.Kind.PUBLIC) {
            throw new SlackError("method_not_supported_for_channel_type");
        }
        if (c.archived) {
            throw new SlackError("is_archived");
        }
        boolean already = c.members.contains(call.caller());
        call.workspace().join(c, call.caller(), "");
        ObjectNode answer = withChannel(call, c);
        if (already) {
            answer.put("warning", "already_in_channel");
            answer.putObject("response_metadata").putArray("warnings").add("already_in_channel");
        }
        return answer;
    }

    private ObjectNode open(Call call) {
        Workspace ws = call.workspace();
        if (call.args().string("channel").isPresent()) {
            Conversation c = call.conversation("channel");
            return Json.ok().put("no_op", true).put("already_open", true).set("channel", ws.render.conversation(c, call.caller()));
        }
        Set<String> members = new LinkedHashSet<>();
        members.add(call.caller());
        for (String id : call.args().required("users", "users_list_not_supplied").split(",")) {
            members.add(ws.user(id.trim()).orElseThrow(() -> new SlackError("user_not_found")).id());
        }
        if (members.size() > 9) {
            throw new SlackError("too_many_users");
        }
        call.require(members.size() <= 2 ? "im:write" : "mpim:write");
        boolean existed = ws.conversations().stream().anyMatch(c -> !c.isChannel() && c.members.equals(members));
        Conversation c = ws.directConversation(members);
        ObjectNode answer = Json.ok();
        if (existed) {
            answer.put("no_op", true).put("already_open", true);
        }
        if (call.args().bool("return_im")) {
            answer.set("channel", ws.render.conversation(c, call.caller()));
        } else {
            answer.putObject("channel").put("id", c.id);
        }
        return answer;
    }

    /** The conversation whose messages the caller wants, checked as Slack checks it. */
    private static Conversation readable(Call call) {
        Conversation c = call.conversation("channel");
        call.require(c.historyScope());
        if (call.isBot() && !c.members.contains(call.caller())) {
            throw new SlackError("not_in_channel");
        }
        return c;
    }

    private static Stream<StoredMessage> inWindow(Call call, Stream<StoredMessage> messages) {
        boolean inclusive = call.args().bool("inclusive");
        long oldest = call.args().string("oldest").filter(Ids::isTs).map(Ids::micros).orElse(Long.MIN_VALUE);
        long latest = call.args().string("latest").filter(Ids::isTs).map(Ids::micros).orElse(Long.MAX_VALUE);
        return messages.filter(m -> {
            long ts = Ids.micros(m.ts);
            return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
        });
    }

    private static ObjectNode messagePage(Call call, Conversation c, List<StoredMessage> all, int defaultLimit, int cap) {
        Pages<StoredMessage> page = Pages.of(all, call.args(), defaultLimit, cap);
        ObjectNode answer = Json.ok();
        ArrayNode messages = answer.putArray("messages");
        page.items().forEach(m -> messages.add(call.workspace().message(c, m)));
        answer.put("has_more", page.hasMore()).put("pin_count", 0);
        answer.putObject("response_metadata").put("next_cursor", page.nextCursor());
        return answer;
    }

    private static ObjectNode withChannel(Call call, Conversation c) {
        ObjectNode answer = Json.ok();
        answer.set("channel", call.workspace().render.conversation(c, call.caller()));
        return answer;
    }

    private static SlackChannel.Kind kind(String type) {
        return switch (type) {
            case "public_channel" -> SlackChannel.Kind.PUBLIC;
            case "private_channel" -> SlackChannel.Kind.PRIVATE;
            case "im" -> SlackChannel.Kind.DM;
            case "mpim" -> SlackChannel.Kind.GROUP_DM;
            default -> throw new SlackError("invalid_types");
        };
    }
}
