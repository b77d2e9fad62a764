package dev.mxbridge.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link TestUser#createRoom(RoomOptions)} creates. Immutable; every method returns a changed copy:
 * <pre>{@code
 * String roomId = alice.createRoom(RoomOptions.create().name("Lobby").alias("lobby").invite(bob.userId()));
 * }</pre>
 * The default is a private chat without name or alias.
 */
public final class RoomOptions {
    /** The Client-Server API's room presets. */
    public enum Preset {
        /** Invite only; history for members. */
        PRIVATE_CHAT,
        /** Like {@link #PRIVATE_CHAT}, and invitees get the creator's power level. */
        TRUSTED_PRIVATE_CHAT,
        /** Anyone may join. */
        PUBLIC_CHAT;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Preset preset;
    private final boolean published;
    private final Optional<String> name;
    private final Optional<String> topic;
    private final Optional<String> aliasLocalpart;
    private final List<String> invitees;
    private final boolean direct;

    private RoomOptions(Preset preset, boolean published, Optional<String> name, Optional<String> topic,
                        Optional<String> aliasLocalpart, List<String> invitees, boolean direct) {
        this.direct = direct;
        this.preset = preset;
        this.published = published;
        this.name = name;
        this.topic = topic;
        this.aliasLocalpart = aliasLocalpart;
        this.invitees = List.copyOf(invitees);
    }

    /** A private chat without name, topic, alias or invitees. */
    public static RoomOptions create() {
        return new RoomOptions(Preset.PRIVATE_CHAT, false, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), false);
    }

    /** The room's name ({@code m.room.name}). */
    public RoomOptions name(String name) {
        return new RoomOptions(preset, published, Optional.of(name), topic, aliasLocalpart, invitees, direct);
    }

    /** The room's topic ({@code m.room.topic}). */
    public RoomOptions topic(String topic) {
        return new RoomOptions(preset, published, name, Optional.of(topic), aliasLocalpart, invitees, direct);
    }

    /** The local part of a canonical alias, e.g. {@code lobby} for {@code #lobby:localhost}. */
    public RoomOptions alias(String localpart) {
        if (localpart.startsWith("#") || localpart.contains(":")) {
            throw new IllegalArgumentException("alias takes the local part only, got " + localpart);
        }
        return new RoomOptions(preset, published, name, topic, Optional.of(localpart), invitees, direct);
    }

    /** Adds users to invite at creation. */
    public RoomOptions invite(String... userIds) {
        List<String> more = new ArrayList<>(invitees);
        more.addAll(List.of(userIds));
        return new RoomOptions(preset, published, name, topic, aliasLocalpart, more, direct);
    }

    /** Join rules, history visibility and power levels as the preset sets them; does not list the room. */
    public RoomOptions preset(Preset preset) {
        return new RoomOptions(Objects.requireNonNull(preset, "preset"), published, name, topic, aliasLocalpart,
                invitees, direct);
    }

    /** Anyone may join, and the room is listed in the public room directory. */
    public RoomOptions publicRoom() {
        return new RoomOptions(Preset.PUBLIC_CHAT, true, name, topic, aliasLocalpart, invitees, direct);
    }

    /** The body of {@code POST /createRoom}. */
    /** A direct chat ({@code is_direct}): invitees see it as a direct chat with the creator. */
    public RoomOptions direct() {
        return new RoomOptions(preset, published, name, topic, aliasLocalpart, invitees, true);
    }

    Map<String, Object> toRequest() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (direct) {
            body.put("is_direct", true);
        }
        body.put("preset", preset.wireName());
        body.put("visibility", published ? "public" : "private");
        name.ifPresent(n -> body.put("name", n));
        topic.ifPresent(t -> body.put("topic", t));
        aliasLocalpart.ifPresent(a -> body.put("room_alias_name", a));
        if (!invitees.isEmpty()) {
            body.put("invite", invitees);
        }
        return body;
    }

    @Override
    public String toString() {
        return "RoomOptions" + toRequest();
    }
}
