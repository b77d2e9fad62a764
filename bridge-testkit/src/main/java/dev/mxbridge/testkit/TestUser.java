package dev.mxbridge.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A real Matrix user talking to the homeserver over the Client-Server API, the way a person's client would. Every
 * call is synchronous, has a timeout, and throws {@link MatrixException} (status, errcode, body) when the homeserver
 * answers with an error. Safe to use from several threads.
 *
 * <p>Get one from {@link Homeserver#registerUser()}, or wrap any access token with {@link #connect}.
 */
public final class TestUser {
    private static final String CS = "/_matrix/client/v3";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private static final AtomicLong SYNC_NONCE = new AtomicLong();
    private final MatrixHttp http;
    private final String userId;
    private final String accessToken;
    private final String txnPrefix = "mxbtk" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final AtomicLong txnCounter = new AtomicLong();

    private TestUser(URI baseUrl, String userId, String accessToken) {
        this.http = new MatrixHttp(baseUrl, Optional.of(accessToken));
        this.userId = userId;
        this.accessToken = accessToken;
    }

    /**
     * A user (or an application service, with its {@code as_token}) on the homeserver at {@code baseUrl}, acting with
     * an access token obtained elsewhere.
     */
    public static TestUser connect(URI baseUrl, String userId, String accessToken) {
        return new TestUser(baseUrl, userId, accessToken);
    }

    /** The full user id, e.g. {@code @alice:localhost}. */
    public String userId() {
        return userId;
    }

    /** The token this user's requests carry. */
    public String accessToken() {
        return accessToken;
    }

    /**
     * A fresh OpenID token of this user ({@code POST /user/{userId}/openid/request_token}), what a web page or an
     * integration manager presents to a bridge's provisioning API to prove who the user is.
     */
    public String openIdToken() {
        return MatrixHttp.string(http.post(CS + "/user/" + MatrixHttp.segment(userId) + "/openid/request_token", Map.of()),
                "access_token");
    }

    /** Creates a private room without name or alias; returns its room id. */
    public String createRoom() {
        return createRoom(RoomOptions.create());
    }

    /** Creates a room as described; returns its room id. */
    public String createRoom(RoomOptions options) {
        return MatrixHttp.string(http.post(CS + "/createRoom", options.toRequest()), "room_id");
    }

    /** Invites a user to a room. */
    public void invite(String roomId, String userId) {
        http.post(CS + "/rooms/" + MatrixHttp.segment(roomId) + "/invite", Map.of("user_id", userId));
    }

    /**
     * Joins a room by id or alias; returns the room id. Joining an alias in an application service's namespace makes
     * the homeserver ask that service first, so the bridge may create the room during this call.
     */
    public String join(String roomIdOrAlias) {
        return MatrixHttp.string(http.post(CS + "/join/" + MatrixHttp.segment(roomIdOrAlias), Map.of()), "room_id");
    }

    /** Kicks a member out of a room, with a reason. */
    public void kick(String roomId, String userId, String reason) {
        http.post(CS + "/rooms/" + MatrixHttp.segment(roomId) + "/kick", Map.of("user_id", userId, "reason", reason));
    }

    /** Leaves a room. */
    public void leave(String roomId) {
        http.post(CS + "/rooms/" + MatrixHttp.segment(roomId) + "/leave", Map.of());
    }

    /** Sends an {@code m.text} message; returns its event id. */
    public String sendText(String roomId, String body) {
        return sendEvent(roomId, "m.room.message", Map.of("msgtype", "m.text", "body", body));
    }

    /**
     * Sends a message event; returns its event id.
     *
     * @param content anything Jackson writes as a JSON object: a {@code Map}, a {@code JsonNode}, a record
     */
    public String sendEvent(String roomId, String type, Object content) {
        String path = CS + "/rooms/" + MatrixHttp.segment(roomId) + "/send/" + MatrixHttp.segment(type) + "/"
                + MatrixHttp.segment(txnPrefix + "-" + txnCounter.incrementAndGet());
        return MatrixHttp.string(http.put(path, content), "event_id");
    }

    /** Sends a state event, e.g. {@code m.room.topic} with state key {@code ""}; returns its event id. */
    public String sendState(String roomId, String type, String stateKey, Object content) {
        return MatrixHttp.string(http.put(statePath(roomId, type, stateKey), content), "event_id");
    }

    /** Uploads media to the homeserver's repository; returns its {@code mxc://} URI. */
    public String upload(byte[] content, String contentType, String filename) {
        return MatrixHttp.string(http.postBytes("/_matrix/media/v3/upload?filename=" + MatrixHttp.segment(filename),
                content, contentType), "content_uri");
    }

    /** Sends a read receipt ({@code m.read}) for an event. */
    public void markRead(String roomId, String eventId) {
        http.post(CS + "/rooms/" + MatrixHttp.segment(roomId) + "/receipt/m.read/" + MatrixHttp.segment(eventId), Map.of());
    }

    /** Starts (for the timeout) or stops typing in a room. */
    public void typing(String roomId, boolean typing, java.time.Duration timeout) {
        Map<String, Object> body = typing ? Map.of("typing", true, "timeout", timeout.toMillis()) : Map.of("typing", false);
        http.put(CS + "/rooms/" + MatrixHttp.segment(roomId) + "/typing/" + MatrixHttp.segment(userId()), body);
    }

    /** Sets this user's presence ({@code online}, {@code unavailable}, {@code offline}) with a status message. */
    public void setPresence(String presence, String statusMessage) {
        http.put(CS + "/presence/" + MatrixHttp.segment(userId()) + "/status",
                Map.of("presence", presence, "status_msg", statusMessage));
    }

    /** Redacts an event; returns the redaction's event id. */
    public String redact(String roomId, String eventId, String reason) {
        String path = CS + "/rooms/" + MatrixHttp.segment(roomId) + "/redact/" + MatrixHttp.segment(eventId) + "/"
                + MatrixHttp.segment(txnPrefix + "-" + txnCounter.incrementAndGet());
        return MatrixHttp.string(http.put(path, Map.of("reason", reason)), "event_id");
    }

    /** Sets this user's global display name. */
    public void setDisplayName(String displayName) {
        http.put(CS + "/profile/" + MatrixHttp.segment(userId) + "/displayname", Map.of("displayname", displayName));
    }

    /**
     * The latest {@code limit} events of the room that this user may see, oldest first: messages and state events
     * alike, as the homeserver serialises them.
     */
    public List<JsonNode> messages(String roomId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        List<JsonNode> newestFirst = new ArrayList<>();
        Optional<String> from = Optional.empty();
        while (newestFirst.size() < limit) {
            int page = Math.min(100, limit - newestFirst.size());
            JsonNode response = http.get(CS + "/rooms/" + MatrixHttp.segment(roomId) + "/messages?dir=b&limit=" + page
                    + from.map(token -> "&from=" + MatrixHttp.segment(token)).orElse(""));
            response.path("chunk").forEach(newestFirst::add);
            JsonNode end = response.path("end");
            if (response.path("chunk").isEmpty() || !end.isString()) {
                break;
            }
            from = Optional.of(end.asString());
        }
        List<JsonNode> chronological = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        Collections.reverse(chronological);
        return List.copyOf(chronological);
    }

    /**
     * Polls the room's latest 100 events until one matches, and returns the oldest match. Fails the test with an
     * {@link AssertionError} listing the latest events when none matches within {@code timeout}.
     */
    public JsonNode awaitEvent(String roomId, Predicate<JsonNode> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> events = messages(roomId, 100);
            for (JsonNode event : events) {
                if (predicate.test(event)) {
                    return event;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("no matching event in " + roomId + " within " + timeout
                        + " as seen by " + userId + "; latest events:\n" + summary(events, 15));
            }
            try {
                Thread.sleep(POLL_INTERVAL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestKitException("interrupted while waiting for an event in " + roomId, e);
            }
        }
    }

    /** The content of a state event, or empty if the room has none of that type and key. */
    public Optional<JsonNode> state(String roomId, String type, String stateKey) {
        try {
            return Optional.of(http.get(statePath(roomId, type, stateKey)));
        } catch (MatrixException e) {
            if (e.status() == 404 && e.errcode().filter("M_NOT_FOUND"::equals).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The room's joined members by user id, with their display names and avatars in that room. */
    public Map<String, Profile> joinedMembers(String roomId) {
        JsonNode joined = http.get(CS + "/rooms/" + MatrixHttp.segment(roomId) + "/joined_members").path("joined");
        Map<String, Profile> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : joined.properties()) {
            members.put(member.getKey(), profileOf(member.getValue(), "display_name"));
        }
        return Collections.unmodifiableMap(members);
    }

    /** The rooms the user is invited to and has not answered, from an immediate {@code /sync}. */
    public List<String> invites() {
        // Synapse caches a /sync answer for identical requests for a while: vary the (tiny) timeout to get a fresh one.
        long timeout = SYNC_NONCE.incrementAndGet() % 50;
        JsonNode invited = http.get(CS + "/sync?timeout=" + timeout).path("rooms").path("invite");
        List<String> rooms = new ArrayList<>();
        invited.properties().forEach(e -> rooms.add(e.getKey()));
        return List.copyOf(rooms);
    }

    /** A user's global profile. */
    public Profile profile(String userId) {
        return profileOf(http.get(CS + "/profile/" + MatrixHttp.segment(userId)), "displayname");
    }

    /** A user's presence as this user sees it: its {@code presence} and, if set, {@code status_msg}. */
    public JsonNode presence(String userId) {
        return http.get(CS + "/presence/" + MatrixHttp.segment(userId) + "/status");
    }

    @Override
    public String toString() {
        return "TestUser[" + userId + "]";
    }

    private static String statePath(String roomId, String type, String stateKey) {
        return CS + "/rooms/" + MatrixHttp.segment(roomId) + "/state/" + MatrixHttp.segment(type) + "/"
                + MatrixHttp.segment(stateKey);
    }

    private static Profile profileOf(JsonNode json, String displayNameField) {
        return new ProfileValue(text(json.path(displayNameField)), text(json.path("avatar_url")));
    }

    private static Optional<String> text(JsonNode node) {
        return node.isString() ? Optional.of(node.asString()) : Optional.empty();
    }

    private static String summary(List<JsonNode> events, int max) {
        StringBuilder out = new StringBuilder();
        for (JsonNode event : events.subList(Math.max(0, events.size() - max), events.size())) {
            out.append("  ").append(event.path("type").asString("?")).append(" from ")
                    .append(event.path("sender").asString("?"));
            JsonNode body = event.path("content").path("body");
            if (body.isString()) {
                out.append(": ").append(body.asString());
            }
            out.append('\n');
        }
        return out.isEmpty() ? "  (none)\n" : out.toString();
    }
}
