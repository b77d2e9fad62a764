package dev.mxbridge.core.room;

import dev.mxbridge.core.client.CreateRoom;
import dev.mxbridge.core.client.EventId;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.Login;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixClientConfig;
import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.Media;
import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.client.Profile;
import dev.mxbridge.core.client.ResolvedAlias;
import dev.mxbridge.core.client.RoomAlias;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.client.Visibility;
import dev.mxbridge.core.client.Whoami;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A homeserver in memory, at the Matrix client's seam: rooms with members, state and a timeline, aliases, users,
 * transaction ids, and membership checks on sends (a user who is not joined gets {@code M_FORBIDDEN}, like Synapse).
 * {@link #down} makes every call fail as a homeserver behind a proxy does when it is down (502). For unit tests of the bridge's roles; the
 * end-to-end tests run against Synapse.
 */
final class FakeMatrix implements MatrixClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String domain;
    private final UserId botId;
    private final Map<RoomId, Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, RoomId> aliases = new ConcurrentHashMap<>();
    private final Map<UserId, String> displayNames = new ConcurrentHashMap<>();
    private final Map<String, EventId> transactions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<ObjectNode> timeline = new ArrayList<>(); // every event, in order; guarded by this
    volatile boolean down;

    FakeMatrix(String domain, String botLocalpart) {
        this.domain = domain;
        this.botId = new UserId("@" + botLocalpart + ":" + domain);
    }

    private static final class Room {
        final Map<UserId, String> membership = new LinkedHashMap<>();
        final Map<String, ObjectNode> state = new LinkedHashMap<>();
    }

    /** A room made by a user (not the bridge), with that user joined. */
    synchronized RoomId roomOf(String creator) {
        RoomId id = new RoomId("!r" + ids.incrementAndGet() + ":" + domain);
        Room room = new Room();
        room.membership.put(new UserId(creator), "join");
        rooms.put(id, room);
        return id;
    }

    /** Joins a user to a room as the homeserver would after their own join. */
    synchronized void join(RoomId room, String user) {
        rooms.get(room).membership.put(new UserId(user), "join");
    }

    /** Every event sent so far, in order. */
    synchronized List<ObjectNode> events() {
        return List.copyOf(timeline);
    }

    /** The events in a room matching {@code filter}, in order. */
    synchronized List<ObjectNode> events(RoomId room, Predicate<ObjectNode> filter) {
        return timeline.stream().filter(e -> e.path("room_id").asString("").equals(room.value())).filter(filter).toList();
    }

    /** The messages' bodies in a room, in order. */
    List<String> bodies(RoomId room) {
        return events(room, e -> e.path("type").asString("").equals("m.room.message")).stream()
                .map(e -> e.path("content").path("body").asString("")).toList();
    }

    /** The joined members of a room. */
    synchronized List<String> joined(RoomId room) {
        return rooms.get(room).membership.entrySet().stream().filter(e -> e.getValue().equals("join"))
                .map(e -> e.getKey().value()).toList();
    }

    RoomId aliasTarget(String alias) {
        return aliases.get(alias);
    }

    @Override
    public MatrixClientConfig config() {
        return MatrixClientConfig.of(URI.create("http://127.0.0.1:1"), "as-token", domain, botId);
    }

    @Override
    public Intent intent(UserId user) {
        return new FakeIntent(user, Optional.empty());
    }

    @Override
    public Intent bot() {
        return intent(botId);
    }

    @Override
    public boolean answers() {
        return true;
    }

    @Override
    public Duration ping(String appserviceId) {
        return Duration.ZERO;
    }

    @Override
    public Duration ping(String appserviceId, String transactionId) {
        return Duration.ZERO;
    }

    @Override
    public Login login(ObjectNode request) {
        throw new MatrixException(403, "M_FORBIDDEN", "no logins here");
    }

    @Override
    public void close() {
    }

    private final class FakeIntent implements Intent {
        private final UserId user;
        private final Optional<Instant> timestamp;

        FakeIntent(UserId user, Optional<Instant> timestamp) {
            this.user = user;
            this.timestamp = timestamp;
        }

        private Room room(RoomId id) {
            if (down) {
                throw new MatrixException(502, "M_UNKNOWN", "bad gateway: the homeserver is down");
            }
            Room room = rooms.get(id);
            if (room == null) {
                throw new MatrixException(404, "M_NOT_FOUND", "no room " + id);
            }
            return room;
        }

        private void check() {
            if (down) {
                throw new MatrixException(502, "M_UNKNOWN", "bad gateway: the homeserver is down");
            }
        }

        private Room joinedRoom(RoomId id) {
            Room room = room(id);
            if (!"join".equals(room.membership.get(user))) {
                throw new MatrixException(403, "M_FORBIDDEN", user + " is not in the room");
            }
            return room;
        }

        private EventId append(RoomId room, String type, Optional<String> stateKey, ObjectNode content, String txnKey) {
            synchronized (FakeMatrix.this) {
                if (txnKey != null) {
                    EventId earlier = transactions.get(user + " " + txnKey);
                    if (earlier != null) {
                        return earlier;
                    }
                }
                EventId id = new EventId("$e" + ids.incrementAndGet());
                ObjectNode event = JSON.createObjectNode().put("event_id", id.value()).put("room_id", room.value())
                        .put("sender", user.value()).put("type", type)
                        .put("origin_server_ts", timestamp.orElseGet(Instant::now).toEpochMilli());
                stateKey.ifPresent(k -> event.put("state_key", k));
                event.set("content", content.deepCopy());
                timeline.add(event);
                stateKey.ifPresent(k -> rooms.get(room).state.put(type + "\0" + k, event));
                if (txnKey != null) {
                    transactions.put(user + " " + txnKey, id);
                }
                return id;
            }
        }

        private void membership(RoomId id, UserId target, String membership) {
            synchronized (FakeMatrix.this) {
                room(id).membership.put(target, membership);
                append(id, "m.room.member", Optional.of(target.value()), JSON.createObjectNode().put("membership", membership), null);
            }
        }

        @Override
        public UserId userId() {
            return user;
        }

        @Override
        public Intent withTimestamp(Instant timestamp) {
            return new FakeIntent(user, Optional.of(timestamp));
        }

        @Override
        public boolean register() {
            check();
            return displayNames.putIfAbsent(user, user.localpart()) == null;
        }

        @Override
        public Whoami whoami() {
            return new Whoami(user, Optional.empty(), false);
        }

        @Override
        public Profile profile() {
            return profile(user);
        }

        @Override
        public Profile profile(UserId other) {
            return new Profile(Optional.ofNullable(displayNames.get(other)), Optional.empty());
        }

        @Override
        public void setDisplayName(String displayName) {
            check();
            displayNames.put(user, displayName);
        }

        @Override
        public void setAvatarUrl(MxcUri avatarUrl) {
            check();
        }

        @Override
        public void clearAvatarUrl() {
            check();
        }

        @Override
        public RoomId createRoom(CreateRoom request) {
            check();
            synchronized (FakeMatrix.this) {
                RoomId id = new RoomId("!p" + ids.incrementAndGet() + ":" + domain);
                rooms.put(id, new Room());
                membership(id, user, "join");
                request.aliasLocalpart().ifPresent(a -> aliases.put("#" + a + ":" + domain, id));
                return id;
            }
        }

        @Override
        public RoomId join(RoomId room) {
            synchronized (FakeMatrix.this) {
                String now = room(room).membership.get(user);
                if (!"join".equals(now)) {
                    membership(room, user, "join");
                }
                return room;
            }
        }

        @Override
        public RoomId join(RoomId room, List<String> via) {
            return join(room);
        }

        @Override
        public RoomId join(RoomAlias alias) {
            return join(Optional.ofNullable(aliases.get(alias.value()))
                    .orElseThrow(() -> new MatrixException(404, "M_NOT_FOUND", "no alias " + alias)));
        }

        @Override
        public void invite(RoomId room, UserId target) {
            synchronized (FakeMatrix.this) {
                joinedRoom(room);
                if (!"join".equals(room(room).membership.get(target))) {
                    membership(room, target, "invite");
                }
            }
        }

        @Override
        public void leave(RoomId room) {
            membership(room, user, "leave");
        }

        @Override
        public void kick(RoomId room, UserId target, String reason) {
            joinedRoom(room);
            membership(room, target, "leave");
        }

        @Override
        public void ban(RoomId room, UserId target, String reason) {
            joinedRoom(room);
            membership(room, target, "ban");
        }

        @Override
        public void unban(RoomId room, UserId target) {
            joinedRoom(room);
            membership(room, target, "leave");
        }

        @Override
        public EventId sendEvent(RoomId room, String eventType, ObjectNode content, String txnKey) {
            joinedRoom(room);
            return append(room, eventType, Optional.empty(), content, txnKey);
        }

        @Override
        public EventId sendState(RoomId room, String eventType, String stateKey, ObjectNode content) {
            joinedRoom(room);
            return append(room, eventType, Optional.of(stateKey), content, null);
        }

        @Override
        public EventId redact(RoomId room, EventId event, String reason, String txnKey) {
            joinedRoom(room);
            return append(room, "m.room.redaction", Optional.empty(), JSON.createObjectNode().put("redacts", event.value()), txnKey);
        }

        @Override
        public EventId react(RoomId room, EventId target, String key, String txnKey) {
            ObjectNode content = JSON.createObjectNode();
            content.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", target.value()).put("key", key);
            return sendEvent(room, "m.reaction", content, txnKey);
        }

        @Override
        public void setTyping(RoomId room, boolean typing, Duration timeout) {
            joinedRoom(room);
        }

        @Override
        public void markRead(RoomId room, EventId event) {
            joinedRoom(room);
        }

        @Override
        public void setPresence(String presence, Optional<String> statusMessage) {
            check();
        }

        @Override
        public List<ObjectNode> roomState(RoomId room) {
            synchronized (FakeMatrix.this) {
                return List.copyOf(room(room).state.values());
            }
        }

        @Override
        public Optional<ObjectNode> event(RoomId room, EventId event) {
            synchronized (FakeMatrix.this) {
                return timeline.stream().filter(e -> e.path("event_id").asString("").equals(event.value())).findFirst();
            }
        }

        @Override
        public List<ObjectNode> eventsAfter(RoomId room, EventId event, int max) {
            return List.of();
        }

        @Override
        public Optional<ObjectNode> stateContent(RoomId room, String eventType, String stateKey) {
            synchronized (FakeMatrix.this) {
                return Optional.ofNullable(room(room).state.get(eventType + "\0" + stateKey))
                        .map(e -> (ObjectNode) e.get("content"));
            }
        }

        @Override
        public Map<UserId, Profile> joinedMembers(RoomId room) {
            synchronized (FakeMatrix.this) {
                Map<UserId, Profile> members = new LinkedHashMap<>();
                room(room).membership.forEach((u, m) -> {
                    if (m.equals("join")) {
                        members.put(u, profile(u));
                    }
                });
                return members;
            }
        }

        @Override
        public Optional<ResolvedAlias> resolveAlias(RoomAlias alias) {
            check();
            return Optional.ofNullable(aliases.get(alias.value())).map(r -> new ResolvedAlias(r, List.of(domain)));
        }

        @Override
        public void createAlias(RoomAlias alias, RoomId room) {
            check();
            aliases.put(alias.value(), room);
        }

        @Override
        public boolean deleteAlias(RoomAlias alias) {
            check();
            return aliases.remove(alias.value()) != null;
        }

        @Override
        public Visibility directoryVisibility(RoomId room) {
            return Visibility.PRIVATE;
        }

        @Override
        public void setDirectoryVisibility(RoomId room, Visibility visibility) {
            check();
        }

        @Override
        public MxcUri upload(byte[] content, String contentType, String filename) {
            check();
            return new MxcUri(domain, "m" + ids.incrementAndGet());
        }

        @Override
        public Media download(MxcUri uri) {
            check();
            return new Media(new byte[0], "application/octet-stream", Optional.empty());
        }
    }
}
