package dev.mxbridge.core.room;

import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.command.CommandMessage;
import dev.mxbridge.core.command.Commands;
import dev.mxbridge.core.command.Outcome;
import dev.mxbridge.core.command.PermissionLevel;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.network.UserLogin;
import dev.mxbridge.core.web.WebRequest;
import dev.mxbridge.core.web.WebResponse;
import dev.mxbridge.core.web.WebRoute;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The provisioning API, for integration managers and web pages, served under {@code /_mxbridge/provision/v1/}: who
 * the caller is to the bridge, a room's links, linking and unlinking, logging in step by step and out. Every action
 * runs the bot command of the same name through the same {@link Commands}, so permission levels, room power and the
 * network's approval are checked exactly as for a command typed in the room; the command's answers are the
 * response's {@code messages}.
 *
 * <p>Authentication: {@code Authorization: Bearer <token>}, where the token is a Matrix OpenID token of the user
 * ({@code POST /_matrix/client/v3/user/{userId}/openid/request_token}), checked against the homeserver's
 * {@code /_matrix/federation/v1/openid/userinfo} with the bounds of {@link OpenIdTokens} (no call for a token that
 * cannot be one, answers remembered for a minute, a budget of refused tokens per client address: 429 beyond it); or, for a trusted
 * integration manager, {@code bridge.provisioning.shared_secret} with the user named in {@code ?user_id=}, compared
 * in constant time. Errors are JSON {@code {"errcode", "error"}} with the Matrix error codes.
 *
 * <p>Threading: runs on the AS API's request threads, outside the rooms' lanes, as a command typed in a room would
 * not; the stores it changes are safe for that.
 */
final class ProvisioningApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The homeserver answers an expired OpenID token as it answers one it never issued (Synapse: "Access Token unknown
     * or expired"), so the error names both, and the cure.
     */
    static final String UNKNOWN_TOKEN = "The OpenID token is not valid: the homeserver does not know it, or it has "
            + "expired (Synapse's last an hour). Request a new one (POST /_matrix/client/v3/user/{userId}/openid/request_token).";

    /** The API's bodies are a few fields of JSON. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final Parts parts;
    private final Commands commands;
    private final BridgeConfig.Provisioning config;
    private final String domain;
    private final int plumbPowerLevel;
    private final OpenIdTokens openIdTokens;

    ProvisioningApi(Parts parts, Commands commands, BridgeConfig config) {
        this.parts = parts;
        this.commands = commands;
        this.config = config.bridging().provisioning();
        this.domain = config.homeserver().domain();
        this.openIdTokens = new OpenIdTokens(config.homeserver().url(), domain);
        this.plumbPowerLevel = config.bridging().plumbPowerLevel();
    }

    /** The room power a user needs to link and unlink ({@code bridge.plumb_power_level}). */
    int plumbPowerLevel() {
        return plumbPowerLevel;
    }

    List<WebRoute> routes() {
        return List.of(
                authed("GET", "whoami", this::whoami),
                authed("GET", "rooms/{room}/links", this::links),
                authed("POST", "rooms/{room}/links", this::link),
                authed("DELETE", "rooms/{room}/links/{remote}", this::unlink),
                authed("POST", "login", this::login),
                authed("POST", "login/answer", this::answer),
                authed("POST", "logout", this::logout));
    }

    /** A route for callers with a token; one without is refused before its body is read, and bodies are small. */
    private WebRoute authed(String method, String path, Action action) {
        return new WebRoute(method, path, authed(action))
                .guardedBy(request -> bearer(request).isPresent() ? Optional.empty() : Optional.of(missingToken()))
                .maxBody(MAX_BODY_BYTES);
    }

    private static Optional<String> bearer(WebRequest request) {
        return request.header("authorization").filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim()).filter(t -> !t.isEmpty());
    }

    private static WebResponse missingToken() {
        return error(401, "M_MISSING_TOKEN", "An OpenID token (or the shared secret) is required as a Bearer token.");
    }

    @FunctionalInterface
    private interface Action {
        WebResponse handle(WebRequest request, UserId user) throws Exception;
    }

    private WebRoute.WebHandler authed(Action action) {
        return request -> {
            Optional<String> token = bearer(request);
            if (token.isEmpty()) {
                return missingToken();
            }
            Optional<UserId> user;
            try {
                user = user(token.get(), request);
            } catch (TooManyLookups e) {
                return tooMany(e);
            }
            if (user.isEmpty()) {
                return error(401, "M_UNKNOWN_TOKEN", UNKNOWN_TOKEN);
            }
            try {
                return action.handle(request, user.get());
            } catch (BadRequest e) {
                return error(400, "M_BAD_JSON", e.getMessage());
            }
        };
    }

    /**
     * Who presents this token: a user whose OpenID token the homeserver confirms, or the one the secret names.
     *
     * @throws TooManyLookups when the caller's address has had too many tokens refused this minute
     */
    Optional<UserId> user(String token, WebRequest request) throws Exception {
        if (!config.sharedSecret().isEmpty() && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                config.sharedSecret().reveal().getBytes(StandardCharsets.UTF_8))) {
            return request.queryParam("user_id").flatMap(ProvisioningApi::userId);
        }
        return switch (openIdTokens.check(token, request.remoteAddress())) {
            case OpenIdTokens.User(UserId user) -> Optional.of(user);
            case OpenIdTokens.Unknown() -> Optional.empty();
            case OpenIdTokens.Limited(Duration retryAfter) -> throw new TooManyLookups(retryAfter);
        };
    }

    static Optional<UserId> userId(String value) {
        try {
            return Optional.of(new UserId(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private WebResponse whoami(WebRequest request, UserId user) {
        PermissionLevel level = parts.permissions().levelOf(user.value());
        ObjectNode body = JSON.createObjectNode().put("user_id", user.value()).put("permission", level.configName())
                .put("double_puppet", parts.doublePuppets().intent(user.value()).isPresent());
        var logins = body.putArray("logins");
        for (UserLogin login : parts.puppets().map(p -> p.logins(user.value())).orElse(List.of())) {
            logins.addObject().put("login_id", login.loginId()).put("remote_user", login.remoteUser().value());
        }
        return json(200, body);
    }

    /** A room's links, for a member of the room. */
    private WebResponse links(WebRequest request, UserId user) {
        RoomId room = room(request);
        Optional<BridgedRoom> bridged = parts.rooms().room(room.value());
        if (bridged.isEmpty()) {
            return json(200, JSON.createObjectNode().put("room_id", room.value()).set("links", JSON.createArrayNode()));
        }
        if (!parts.bot().joinedMembers(room).containsKey(user)) {
            return error(403, "M_FORBIDDEN", "Only members of the room may see its links.");
        }
        ObjectNode body = JSON.createObjectNode().put("room_id", room.value())
                .put("mode", bridged.get().mode().name().toLowerCase(java.util.Locale.ROOT));
        var links = body.putArray("links");
        bridged.get().remotes().forEach(r -> links.add(r.value()));
        return json(200, body);
    }

    private WebResponse link(WebRequest request, UserId user) {
        RoomId room = room(request);
        String remote = field(request, "remote");
        try {
            parts.bot().join(room); // the bot must be in the room, as for a command typed there
        } catch (MatrixException e) {
            return error(e.isForbidden() ? 403 : 400, "M_FORBIDDEN".equals(e.errcode()) ? "M_FORBIDDEN" : "M_UNKNOWN",
                    "The bridge cannot join the room; invite " + parts.bot().userId().value() + " first.");
        }
        return command(user, room, false, "link " + remote);
    }

    private WebResponse unlink(WebRequest request, UserId user) {
        return command(user, room(request), false, "unlink " + decode(request.pathParams().get("remote")));
    }

    /** Starts a login: the flow's first step, as the bot would say it in the user's private chat. */
    private WebResponse login(WebRequest request, UserId user) {
        String flow = optionalField(request, "flow").orElse("");
        return command(user, privateChat(), true, ("login " + flow).trim());
    }

    /** The user's answer to the current login step; the response is the next step. */
    private WebResponse answer(WebRequest request, UserId user) throws Exception {
        String text = field(request, "text");
        List<String> messages = new ArrayList<>();
        if (parts.puppets().isEmpty() || !parts.puppets().get().answer(user.value(), text, messages::add)) {
            return error(400, "M_BAD_STATE", "No login in progress; start one with POST login.");
        }
        return json(200, messages(messages));
    }

    private WebResponse logout(WebRequest request, UserId user) {
        String id = optionalField(request, "login_id").orElse("");
        return command(user, privateChat(), true, ("logout " + id).trim());
    }

    /** What a bot command said, and how it ended. */
    record Result(Outcome outcome, List<String> messages) {
        boolean completed() {
            return outcome == Outcome.COMPLETED;
        }
    }

    /** Runs a bot command for the user, as if typed in {@code room} (the bot's private chat if {@code management}). */
    Result run(UserId user, RoomId room, boolean management, String line) {
        if (line.contains("\n") || line.contains("\r")) {
            throw new BadRequest("Arguments may not span lines.");
        }
        List<String> messages = new ArrayList<>();
        Outcome outcome = commands.handle(new CommandMessage(user, room, commands.prefix() + " " + line, management,
                "provisioning-" + UUID.randomUUID()), messages::add);
        return new Result(outcome, List.copyOf(messages));
    }

    /** The room a login or logout runs in: none, as the bot's private chat. */
    RoomId privateChat() {
        return new RoomId("!provisioning:" + domain);
    }

    /** Runs a bot command for the user and answers with what it said, or the error it met. */
    private WebResponse command(UserId user, RoomId room, boolean management, String line) {
        Result result = run(user, room, management, line);
        String said = String.join("\n", result.messages());
        return switch (result.outcome()) {
            case COMPLETED -> json(200, messages(result.messages()));
            case REFUSED -> error(403, "M_FORBIDDEN", said);
            case BAD_USAGE, FAILED, UNKNOWN_COMMAND, NOT_A_COMMAND -> error(400, "M_UNKNOWN", said);
            case ERROR -> error(500, "M_UNKNOWN", said);
        };
    }

    private static ObjectNode messages(List<String> messages) {
        ObjectNode body = JSON.createObjectNode();
        var list = body.putArray("messages");
        messages.forEach(list::add);
        return body;
    }

    private static RoomId room(WebRequest request) {
        return roomId(decode(request.pathParams().get("room")));
    }

    /** A room id as a user gave it; room version 12 ids have no server part. */
    static RoomId roomId(String value) {
        if (!value.startsWith("!") || value.length() < 2) {
            throw new BadRequest("Not a room id: " + value);
        }
        return new RoomId(value);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static JsonNode body(WebRequest request) {
        try {
            JsonNode body = JSON.readTree(request.bodyText());
            if (!body.isObject()) {
                throw new BadRequest("The body must be a JSON object.");
            }
            return body;
        } catch (tools.jackson.core.JacksonException e) {
            throw new BadRequest("The body is not JSON.");
        }
    }

    private static String field(WebRequest request, String name) {
        return optionalField(request, name).orElseThrow(() -> new BadRequest("\"" + name + "\" is required."));
    }

    private static Optional<String> optionalField(WebRequest request, String name) {
        if (request.body().length == 0) {
            return Optional.empty();
        }
        JsonNode value = body(request).path(name);
        if (!value.isMissingNode() && !value.isNull() && !value.isString()) {
            throw new BadRequest("\"" + name + "\" must be a string.");
        }
        return Optional.ofNullable(value.asString(null)).filter(s -> !s.isBlank());
    }

    private static WebResponse json(int status, JsonNode body) {
        return WebResponse.json(status, body.toString());
    }

    private static WebResponse error(int status, String errcode, String message) {
        return json(status, JSON.createObjectNode().put("errcode", errcode).put("error", message));
    }

    /** 429 {@code M_LIMIT_EXCEEDED}, with when to try again. */
    static WebResponse tooMany(TooManyLookups e) {
        return json(429, JSON.createObjectNode().put("errcode", "M_LIMIT_EXCEEDED")
                .put("error", "Too many unknown tokens from this address; try again later.")
                .put("retry_after_ms", e.retryAfter().toMillis()));
    }

    /** The caller's address has had too many tokens refused by the homeserver this minute. */
    static final class TooManyLookups extends RuntimeException {
        private final Duration retryAfter;

        TooManyLookups(Duration retryAfter) {
            super("too many unknown tokens", null, false, false);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    /** A request the API cannot take: answered 400 {@code M_BAD_JSON}. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }
}
