package dev.mxbridge.testkit.slack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Slack's JSON shapes of users, conversations, messages and files, as the Web API answers them and events carry them.
 * Called under the {@link Workspace} monitor.
 */
final class Render {
    private static final List<Integer> AVATAR_SIZES = List.of(24, 32, 48, 72, 192, 512);

    private final String baseUrl;
    private final String teamId;
    private final SlackApp app;

    /** @param baseUrl the fake's own URL, ending in a slash */
    Render(String baseUrl, String teamId, SlackApp app) {
        this.baseUrl = baseUrl;
        this.teamId = teamId;
        this.app = app;
    }

    String baseUrl() {
        return baseUrl;
    }

    String avatarUrl(String userId, int size) {
        return baseUrl + "avatars/" + userId + "_" + size + ".png";
    }

    String urlPrivate(StoredFile file) {
        return baseUrl + "files-pri/" + teamId + "-" + file.id() + "/" + URLEncoder.encode(file.name(), StandardCharsets.UTF_8);
    }

    ObjectNode user(SlackUser user, long updated) {
        ObjectNode json = Json.object().put("id", user.id()).put("team_id", teamId).put("name", user.name())
                .put("deleted", false).put("real_name", user.realName()).put("tz", "Etc/UTC")
                .put("tz_label", "Coordinated Universal Time").put("tz_offset", 0)
                .put("is_admin", false).put("is_owner", false).put("is_restricted", false)
                .put("is_ultra_restricted", false).put("is_bot", user.isBot()).put("is_app_user", false)
                .put("updated", updated);
        ObjectNode profile = json.putObject("profile").put("real_name", user.realName())
                .put("display_name", user.displayName()).put("real_name_normalized", user.realName())
                .put("display_name_normalized", user.displayName()).put("avatar_hash", "f" + Integer.toHexString(user.avatarUrl().hashCode()))
                .put("team", teamId);
        for (int size : AVATAR_SIZES) {
            profile.put("image_" + size, size == 72 ? user.avatarUrl() : avatarUrl(user.id(), size));
        }
        if (user.id().equals(app.botUserId())) {
            profile.put("bot_id", app.botId()).put("api_app_id", app.appId()).put("always_active", true);
        }
        return json;
    }

    ObjectNode conversation(Conversation c, String viewer) {
        boolean channel = c.isChannel();
        ObjectNode json = Json.object().put("id", c.id).put("created", c.created)
                .put("is_channel", channel).put("is_group", false)
                .put("is_im", c.kind == SlackChannel.Kind.DM).put("is_mpim", c.kind == SlackChannel.Kind.GROUP_DM)
                .put("is_private", c.kind != SlackChannel.Kind.PUBLIC).put("is_archived", c.archived)
                .put("is_general", false).put("is_shared", false).put("is_ext_shared", false).put("is_org_shared", false)
                .put("is_member", c.members.contains(viewer));
        if (c.kind == SlackChannel.Kind.DM) {
            json.put("user", c.members.stream().filter(m -> !m.equals(viewer)).findFirst()
                    .orElse(c.members.iterator().next()));
            json.put("is_user_deleted", false);
            return json;
        }
        json.put("name", c.name).put("name_normalized", c.name).put("creator", c.creator)
                .put("num_members", c.members.size());
        json.putObject("topic").put("value", c.topic).put("creator", c.topicCreator).put("last_set", c.topicSet);
        json.putObject("purpose").put("value", c.purpose).put("creator", c.purposeCreator).put("last_set", c.purposeSet);
        ArrayNode previous = json.putArray("previous_names");
        c.previousNames.forEach(previous::add);
        return json;
    }

    /** A message as history answers it, with its thread summary if it is a parent. */
    ObjectNode message(Conversation c, StoredMessage m, Map<String, StoredFile> files) {
        ObjectNode json = Json.object().put("type", "message");
        if (m.subtype != null) {
            json.put("subtype", m.subtype);
        }
        json.put("user", m.user).put("text", m.text).put("ts", m.ts).put("team", teamId);
        if (m.botId != null) {
            json.put("bot_id", m.botId).put("app_id", app.appId());
            json.putObject("bot_profile").put("id", m.botId).put("app_id", app.appId()).put("deleted", false)
                    .put("name", FakeSlack.BOT_NAME).put("team_id", teamId).putObject("icons")
                    .put("image_48", avatarUrl(app.botUserId(), 48));
        }
        if (m.clientMsgId != null) {
            json.put("client_msg_id", m.clientMsgId);
        }
        if (m.username != null) {
            json.put("username", m.username);
        }
        if (m.iconUrl != null || m.iconEmoji != null) {
            ObjectNode icons = json.putObject("icons");
            if (m.iconUrl != null) {
                icons.put("image_48", m.iconUrl);
            } else {
                icons.put("emoji", m.iconEmoji);
            }
        }
        if (m.blocks != null) {
            json.set("blocks", m.blocks.deepCopy());
        }
        if (m.threadTs != null) {
            json.put("thread_ts", m.threadTs);
            if (m.isReply()) {
                c.message(m.threadTs).ifPresent(parent -> json.put("parent_user_id", parent.user));
            } else {
                threadSummary(json, c.replies(m.ts));
            }
        }
        if (m.editedTs != null) {
            json.putObject("edited").put("user", m.editedBy).put("ts", m.editedTs);
        }
        if (!m.reactions.isEmpty()) {
            ArrayNode reactions = json.putArray("reactions");
            m.reactions.forEach((name, users) -> {
                ArrayNode who = reactions.addObject().put("name", name).put("count", users.size()).putArray("users");
                users.forEach(who::add);
            });
        }
        if (!m.fileIds.isEmpty()) {
            ArrayNode list = json.putArray("files");
            m.fileIds.stream().map(files::get).filter(f -> f != null).forEach(f -> list.add(file(f)));
            json.put("upload", false).put("display_as_bot", false);
        }
        json.setAll(m.extra);
        return json;
    }

    private static void threadSummary(ObjectNode json, List<StoredMessage> replies) {
        if (replies.isEmpty()) {
            return;
        }
        Set<String> users = new LinkedHashSet<>();
        replies.forEach(r -> users.add(r.user));
        json.put("reply_count", replies.size()).put("reply_users_count", users.size())
                .put("latest_reply", replies.getLast().ts);
        ArrayNode list = json.putArray("reply_users");
        users.forEach(list::add);
    }

    ObjectNode file(StoredFile f) {
        String url = urlPrivate(f);
        return Json.object().put("id", f.id()).put("created", f.created()).put("timestamp", f.created())
                .put("name", f.name()).put("title", f.title()).put("mimetype", f.mimetype())
                .put("filetype", f.filetype()).put("pretty_type", f.filetype().toUpperCase(Locale.ROOT))
                .put("user", f.user()).put("user_team", teamId).put("editable", false).put("size", f.bytes().length)
                .put("mode", "hosted").put("is_external", false).put("external_type", "").put("is_public", false)
                .put("public_url_shared", false).put("display_as_bot", false).put("username", "")
                .put("url_private", url)
                .put("url_private_download", url.replace("/files-pri/" + teamId + "-" + f.id() + "/",
                        "/files-pri/" + teamId + "-" + f.id() + "/download/"))
                .put("permalink", baseUrl + "files/" + f.user() + "/" + f.id() + "/" + URLEncoder.encode(f.name(), StandardCharsets.UTF_8));
    }

    ObjectNode team(String name, String domain) {
        ObjectNode team = Json.object().put("id", teamId).put("name", name).put("domain", domain)
                .put("email_domain", "").put("url", baseUrl);
        team.putObject("icon").put("image_68", baseUrl + "avatars/" + teamId + "_68.png").put("image_default", true);
        return team;
    }
}
