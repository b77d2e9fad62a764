package dev.mxbridge.testkit.slack;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code auth.*}, {@code apps.connections.open}, {@code team.info}, {@code emoji.list} and {@code users.*}. */
final class TeamMethods {
    private static final Set<TokenType> BOT_OR_USER = Set.of(TokenType.BOT, TokenType.USER);

    private final Tokens tokens;
    private final FakeSocketMode socketMode;
    private final String wsBase;

    TeamMethods(Tokens tokens, FakeSocketMode socketMode, String wsBase) {
        this.tokens = tokens;
        this.socketMode = socketMode;
        this.wsBase = wsBase;
    }

    void register(WebApi api) {
        api.register("auth.test", BOT_OR_USER, this::authTest);
        api.register("auth.revoke", BOT_OR_USER, this::authRevoke);
        api.register("apps.connections.open", Set.of(TokenType.APP), this::connectionsOpen);
        api.register("team.info", BOT_OR_USER, this::teamInfo);
        api.register("emoji.list", BOT_OR_USER, this::emojiList);
        api.register("users.info", BOT_OR_USER, this::usersInfo);
        api.register("users.list", BOT_OR_USER, this::usersList);
    }

    private ObjectNode authTest(Call call) {
        Workspace ws = call.workspace();
        ObjectNode answer = Json.ok().put("url", ws.render.baseUrl()).put("team", ws.teamName)
                .put("user", ws.user(call.caller()).map(SlackUser::name).orElse("")).put("team_id", ws.teamId)
                .put("user_id", call.caller());
        if (call.isBot()) {
            answer.put("bot_id", ws.app.botId());
        }
        return answer.put("is_enterprise_install", false);
    }

    private ObjectNode authRevoke(Call call) {
        if (call.args().bool("test")) {
            return Json.ok().put("revoked", false);
        }
        tokens.revoke(call.token().value()).ifPresent(call.workspace()::tokensRevoked);
        return Json.ok().put("revoked", true);
    }

    private ObjectNode connectionsOpen(Call call) {
        call.require("connections:write");
        return Json.ok().put("url", socketMode.issueUrl(wsBase));
    }

    private ObjectNode teamInfo(Call call) {
        call.require("team:read");
        Workspace ws = call.workspace();
        ObjectNode answer = Json.ok();
        answer.set("team", ws.render.team(ws.teamName, ws.domain));
        return answer;
    }

    private ObjectNode emojiList(Call call) {
        call.require("emoji:read");
        ObjectNode answer = Json.ok();
        ObjectNode emoji = answer.putObject("emoji");
        call.workspace().emoji.forEach(emoji::put);
        return answer.put("cache_ts", Instant.now().getEpochSecond() + ".000000");
    }

    private ObjectNode usersInfo(Call call) {
        call.require("users:read");
        Workspace ws = call.workspace();
        SlackUser user = ws.user(call.args().required("user", "user_not_found"))
                .orElseThrow(() -> new SlackError("user_not_found"));
        ObjectNode answer = Json.ok();
        answer.set("user", ws.userJson(user));
        return answer;
    }

    private ObjectNode usersList(Call call) {
        call.require("users:read");
        Workspace ws = call.workspace();
        Pages<SlackUser> page = Pages.of(List.copyOf(ws.users()), call.args(), 200, 1000);
        ObjectNode answer = Json.ok();
        ArrayNode members = answer.putArray("members");
        page.items().forEach(u -> members.add(ws.userJson(u)));
        answer.put("cache_ts", Instant.now().getEpochSecond());
        answer.putObject("response_metadata").put("next_cursor", page.nextCursor());
        return answer;
    }
}
