package dev.mxbridge.core.client;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The {@link Intent} over a {@link Transport}. {@code timestamp} is null unless {@link #withTimestamp} set it. */
final class HttpIntent implements Intent {

    static final String JSON = "application/json";

    private static final String ROOMS = Paths.CLIENT_V3 + "/rooms";
    private static final String DIRECTORY = Paths.CLIENT_V3 + "/directory";
    private static final Pattern FILENAME_STAR = Pattern.compile("filename\\*\\s*=\\s*[^']*'[^']*'([^;]+)");
    private static final Pattern FILENAME = Pattern.compile("filename\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)");

    private final Transport transport;
    private final JsonMapper json;
    private final String serverName;
    private final UserId user;
    private final Instant timestamp;

    HttpIntent(Transport transport, JsonMapper json, String serverName, UserId user, Instant timestamp) {
        this.transport = transport;
        this.json = json;
        this.serverName = serverName;
        this.user = user;
        this.timestamp = timestamp;
    }

    @Override
    public UserId userId() {
        return user;
    }

    @Override
    public Intent withTimestamp(Instant timestamp) {
        return new HttpIntent(transport, json, serverName, user, Objects.requireNonNull(timestamp, "timestamp"));
    }

    @Override
    public boolean register() {
        ObjectNode body = object()
                .put("type", "m.login.application_service")
                .put("username", user.localpart())
                .put("inhibit_login", true);
        try {
            // Without user_id: the user does not exist yet.
            transport.json(withJson(Call.post(Paths.CLIENT_V3 + "/register"), body));
            return true;
        } catch (MatrixException e) {
            if (e.is(MatrixException.M_USER_IN_USE)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Whoami whoami() {
        Call call = as(Call.get(Paths.CLIENT_V3 + "/account/whoami"));
        JsonNode answer = transport.json(call);
        return new Whoami(new UserId(required(call, answer, "user_id")), text(answer, "device_id"),
                answer.path("is_guest").asBoolean(false));
    }

    @Override
    public Profile profile() {
        return profile(user);
    }

    @Override
    public Profile profile(UserId of) {
        JsonNode answer = transport.json(as(Call.get(Paths.of(Paths.CLIENT_V3 + "/profile", of.value()))));
        return profile(answer, "displayname");
    }

    @Override
    public void setDisplayName(String displayName) {
        setProfileField("displayname", Objects.requireNonNull(displayName, "displayName"));
    }

    @Override
    public void setAvatarUrl(MxcUri avatarUrl) {
        setProfileField("avatar_url", avatarUrl.toString());
    }

    @Override
    public void clearAvatarUrl() {
        setProfileField("avatar_url", "");
    }

    private void setProfileField(String field, String value) {
        Call call = as(Call.put(Paths.of(Paths.CLIENT_V3 + "/profile", user.value(), field)));
        transport.json(withJson(call, object().put(field, value)));
    }

    @Override
    public RoomId createRoom(CreateRoom request) {
        Call call = withJson(as(Call.post(Paths.CLIENT_V3 + "/createRoom")), request.body(json.getNodeFactory()))
                .slow();
        Optional<String> alias = request.aliasLocalpart();
        if (alias.isEmpty()) {
            call.unsafe();
        }
        try {
            return new RoomId(required(call, transport.json(call), "room_id"));
        } catch (MatrixException e) {
            // The alias is taken by the room an earlier attempt of this very call created.
            if (alias.isPresent() && e.is(MatrixException.M_ROOM_IN_USE) && e.afterUncertainAttempt()) {
                return resolveAlias(RoomAlias.of(alias.get(), serverName)).map(ResolvedAlias::roomId)
                        .orElseThrow(() -> e);
            }
            throw e;
        }
    }

    @Override
    public RoomId join(RoomId room) {
        return join(room, List.of());
    }

    @Override
    public RoomId join(RoomId room, List<String> via) {
        return join(room.value(), via);
    }

    @Override
    public RoomId join(RoomAlias alias) {
        return join(alias.value(), List.of());
    }

    private RoomId join(String roomIdOrAlias, List<String> via) {
        Call call = as(Call.post(Paths.of(Paths.CLIENT_V3 + "/join", roomIdOrAlias))).slow();
        via.forEach(server -> call.query("via", server));
        via.forEach(server -> call.query("server_name", server));
        return new RoomId(required(call, transport.json(withJson(call, object())), "room_id"));
    }

    @Override
    public void invite(RoomId room, UserId invitee) {
        membership(room, "invite", invitee, "");
    }

    @Override
    public void leave(RoomId room) {
        transport.json(withJson(as(Call.post(Paths.of(ROOMS, room.value(), "leave"))), object()));
    }

    @Override
    public void kick(RoomId room, UserId target, String reason) {
        membership(room, "kick", target, reason);
    }

    @Override
    public void ban(RoomId room, UserId target, String reason) {
        membership(room, "ban", target, reason);
    }

    @Override
    public void unban(RoomId room, UserId target) {
        membership(room, "unban", target, "");
    }

    private void membership(RoomId room, String action, UserId target, String reason) {
        ObjectNode body = reason(object().put("user_id", target.value()), reason);
        transport.json(withJson(as(Call.post(Paths.of(ROOMS, room.value(), action))), body));
    }

    @Override
    public EventId sendEvent(RoomId room, String eventType, ObjectNode content, String txnKey) {
        String txnId = TxnIds.derive(user, txnKey);
        Call call = stamped(as(Call.put(Paths.of(ROOMS, room.value(), "send", eventType, txnId))));
        return new EventId(required(call, transport.json(withJson(call, content)), "event_id"));
    }

    @Override
    public EventId sendState(RoomId room, String eventType, String stateKey, ObjectNode content) {
        Call call = stamped(as(Call.put(Paths.of(ROOMS, room.value(), "state", eventType, stateKey))));
        return new EventId(required(call, transport.json(withJson(call, content)), "event_id"));
    }

    @Override
    public EventId redact(RoomId room, EventId event, String reason, String txnKey) {
        String txnId = TxnIds.derive(user, txnKey);
        Call call = as(Call.put(Paths.of(ROOMS, room.value(), "redact", event.value(), txnId)));
        return new EventId(required(call, transport.json(withJson(call, reason(object(), reason))), "event_id"));
    }

    @Override
    public EventId react(RoomId room, EventId target, String key, String txnKey) {
        ObjectNode content = object();
        content.putObject("m.relates_to")
                .put("rel_type", "m.annotation")
                .put("event_id", target.value())
                .put("key", key);
        return sendEvent(room, "m.reaction", content, txnKey);
    }

    @Override
    public void setTyping(RoomId room, boolean typing, Duration timeout) {
        ObjectNode body = object().put("typing", typing);
        if (typing) {
            body.put("timeout", timeout.toMillis());
        }
        transport.json(withJson(as(Call.put(Paths.of(ROOMS, room.value(), "typing", user.value()))), body));
    }

    @Override
    public void setPresence(String presence, java.util.Optional<String> statusMessage) {
        ObjectNode body = object().put("presence", presence);
        statusMessage.ifPresent(status -> body.put("status_msg", status));
        transport.json(withJson(as(Call.put(Paths.of(Paths.CLIENT_V3 + "/presence", user.value(), "status"))), body));
    }

    @Override
    public void markRead(RoomId room, EventId event) {
        Call call = as(Call.post(Paths.of(ROOMS, room.value(), "receipt", "m.read", event.value())));
        transport.json(withJson(call, object()));
    }

    @Override
    public List<ObjectNode> roomState(RoomId room) {
        Call call = as(Call.get(Paths.of(ROOMS, room.value(), "state")));
        JsonNode answer = transport.json(call);
        if (!answer.isArray()) {
            throw Transport.malformed(call, 200, "room state is not an array");
        }
        List<ObjectNode> events = new ArrayList<>(answer.size());
        for (JsonNode event : answer) {
            if (event instanceof ObjectNode object) {
                events.add(object);
            }
        }
        return List.copyOf(events);
    }

    @Override
    public Optional<ObjectNode> event(RoomId room, EventId event) {
        return objectOrNotFound(as(Call.get(Paths.of(ROOMS, room.value(), "event", event.value()))));
    }

    @Override
    public List<ObjectNode> eventsAfter(RoomId room, EventId event, int max) {
        Call context = as(Call.get(Paths.of(ROOMS, room.value(), "context", event.value())).query("limit", "0"));
        JsonNode position = transport.json(context).path("end");
        if (!position.isString()) {
            throw Transport.malformed(context, 200, "answer lacks the 'end' token");
        }
        List<ObjectNode> events = new ArrayList<>();
        String from = position.stringValue();
        while (events.size() < max) {
            int page = Math.min(100, max - events.size());
            JsonNode answer = transport.json(as(Call.get(Paths.of(ROOMS, room.value(), "messages"))
                    .query("dir", "f").query("from", from).query("limit", Integer.toString(page))));
            JsonNode chunk = answer.path("chunk");
            for (JsonNode e : chunk) {
                if (e instanceof ObjectNode object && events.size() < max) {
                    events.add(object);
                }
            }
            JsonNode end = answer.path("end");
            if (chunk.isEmpty() || !end.isString() || end.stringValue().equals(from)) {
                break;
            }
            from = end.stringValue();
        }
        return List.copyOf(events);
    }

    @Override
    public Optional<ObjectNode> stateContent(RoomId room, String eventType, String stateKey) {
        return objectOrNotFound(as(Call.get(Paths.of(ROOMS, room.value(), "state", eventType, stateKey))));
    }

    /** The JSON object a GET answers, or empty if the homeserver says 404. */
    private Optional<ObjectNode> objectOrNotFound(Call call) {
        try {
            return transport.json(call) instanceof ObjectNode found ? Optional.of(found) : Optional.empty();
        } catch (MatrixException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Map<UserId, Profile> joinedMembers(RoomId room) {
        JsonNode joined = transport.json(as(Call.get(Paths.of(ROOMS, room.value(), "joined_members"))))
                .path("joined");
        Map<UserId, Profile> members = new LinkedHashMap<>();
        joined.properties().forEach(member ->
                members.put(new UserId(member.getKey()), profile(member.getValue(), "display_name")));
        return members;
    }

    @Override
    public Optional<ResolvedAlias> resolveAlias(RoomAlias alias) {
        Call call = as(Call.get(Paths.of(DIRECTORY + "/room", alias.value())));
        try {
            JsonNode answer = transport.json(call);
            List<String> servers = new ArrayList<>();
            answer.path("servers").forEach(s -> {
                if (s.isString()) {
                    servers.add(s.stringValue());
                }
            });
            return Optional.of(new ResolvedAlias(new RoomId(required(call, answer, "room_id")), servers));
        } catch (MatrixException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void createAlias(RoomAlias alias, RoomId room) {
        Call call = as(Call.put(Paths.of(DIRECTORY + "/room", alias.value())));
        try {
            transport.json(withJson(call, object().put("room_id", room.value())));
        } catch (MatrixException e) {
            // Taken already: fine if by this room (an earlier attempt, or an earlier run).
            if (e.is(MatrixException.M_ROOM_IN_USE) || e.status() == 409) {
                if (resolveAlias(alias).map(ResolvedAlias::roomId).filter(room::equals).isPresent()) {
                    return;
                }
            }
            throw e;
        }
    }

    @Override
    public boolean deleteAlias(RoomAlias alias) {
        try {
            transport.json(as(Call.delete(Paths.of(DIRECTORY + "/room", alias.value()))));
            return true;
        } catch (MatrixException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Visibility directoryVisibility(RoomId room) {
        Call call = as(Call.get(Paths.of(DIRECTORY + "/list/room", room.value())));
        return Visibility.fromWire(required(call, transport.json(call), "visibility"));
    }

    @Override
    public void setDirectoryVisibility(RoomId room, Visibility visibility) {
        Call call = as(Call.put(Paths.of(DIRECTORY + "/list/room", room.value())));
        transport.json(withJson(call, object().put("visibility", visibility.wire())));
    }

    @Override
    public MxcUri upload(byte[] content, String contentType, String filename) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(contentType, "contentType");
        Call call = as(Call.post(Paths.MEDIA_V3 + "/upload")).body(content, contentType).slow();
        if (!filename.isBlank()) {
            call.query("filename", filename);
        }
        String uri = required(call, transport.json(call), "content_uri");
        return MxcUri.tryParse(uri).orElseThrow(() -> Transport.malformed(call, 200, "not an mxc uri: " + uri));
    }

    @Override
    public Media download(MxcUri uri) {
        Call call = as(Call.get(Paths.of(Paths.CLIENT_V1 + "/media/download", uri.server(), uri.mediaId()))).slow();
        Transport.Response response = transport.send(call);
        String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
        Optional<String> filename = response.headers().firstValue("Content-Disposition").flatMap(HttpIntent::filename);
        return new Media(response.body(), type, filename);
    }

    static Optional<String> filename(String contentDisposition) {
        Matcher star = FILENAME_STAR.matcher(contentDisposition);
        if (star.find()) {
            return Optional.of(URLDecoder.decode(star.group(1).strip().replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        Matcher plain = FILENAME.matcher(contentDisposition);
        if (plain.find()) {
            return Optional.of(plain.group(2) != null ? plain.group(2) : plain.group(1));
        }
        return Optional.empty();
    }

    /** Asserts the identity of this intent's user. */
    private Call as(Call call) {
        return call.query("user_id", user.value());
    }

    private Call stamped(Call call) {
        return timestamp == null ? call : call.query("ts", Long.toString(timestamp.toEpochMilli()));
    }

    private Call withJson(Call call, JsonNode body) {
        return call.body(json.writeValueAsBytes(body), JSON);
    }

    private ObjectNode object() {
        return json.createObjectNode();
    }

    private static ObjectNode reason(ObjectNode body, String reason) {
        return reason.isBlank() ? body : body.put("reason", reason);
    }

    private static Profile profile(JsonNode node, String displayNameField) {
        return new Profile(text(node, displayNameField), text(node, "avatar_url").flatMap(MxcUri::tryParse));
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.optional(field).filter(JsonNode::isString).map(JsonNode::stringValue);
    }

    private static String required(Call call, JsonNode answer, String field) {
        return text(answer, field).orElseThrow(() -> Transport.malformed(call, 200, "answer lacks " + field));
    }
}
