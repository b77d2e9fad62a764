package dev.mxbridge.core.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /createRoom}, built with {@link #builder()}. Every field is optional; unset fields are
 * left out so the homeserver's defaults apply.
 *
 * <p>A room with an {@linkplain Builder#aliasLocalpart alias} is safe to retry: if an attempt timed out and the
 * retry finds the alias taken, the client resolves the alias to the room the first attempt created.
 */
public final class CreateRoom {

    /** The {@code preset} of a new room: its join rule, history visibility and initial power levels. */
    public enum Preset {
        PRIVATE_CHAT("private_chat"),
        PUBLIC_CHAT("public_chat"),
        TRUSTED_PRIVATE_CHAT("trusted_private_chat");

        private final String wire;

        Preset(String wire) {
            this.wire = wire;
        }

        /** The value in the JSON body. */
        public String wire() {
            return wire;
        }
    }

    private final String aliasLocalpart;
    private final String name;
    private final String topic;
    private final List<StateEvent> initialState;
    private final ObjectNode powerLevelOverride;
    private final List<UserId> invite;
    private final Preset preset;
    private final Boolean isDirect;
    private final Visibility visibility;
    private final String roomVersion;
    private final ObjectNode creationContent;

    private CreateRoom(Builder b) {
        aliasLocalpart = b.aliasLocalpart;
        name = b.name;
        topic = b.topic;
        initialState = List.copyOf(b.initialState);
        powerLevelOverride = b.powerLevelOverride;
        invite = List.copyOf(b.invite);
        preset = b.preset;
        isDirect = b.isDirect;
        visibility = b.visibility;
        roomVersion = b.roomVersion;
        creationContent = b.creationContent;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The localpart of the alias to create with the room ({@code room_alias_name}). */
    public Optional<String> aliasLocalpart() {
        return Optional.ofNullable(aliasLocalpart);
    }

    ObjectNode body(JsonNodeFactory nodes) {
        ObjectNode body = nodes.objectNode();
        if (aliasLocalpart != null) {
            body.put("room_alias_name", aliasLocalpart);
        }
        if (name != null) {
            body.put("name", name);
        }
        if (topic != null) {
            body.put("topic", topic);
        }
        if (!initialState.isEmpty()) {
            ArrayNode state = body.putArray("initial_state");
            for (StateEvent e : initialState) {
                state.addObject().put("type", e.type()).put("state_key", e.stateKey()).set("content", e.content());
            }
        }
        if (powerLevelOverride != null) {
            body.set("power_level_content_override", powerLevelOverride);
        }
        if (!invite.isEmpty()) {
            ArrayNode users = body.putArray("invite");
            invite.forEach(u -> users.add(u.value()));
        }
        if (preset != null) {
            body.put("preset", preset.wire());
        }
        if (isDirect != null) {
            body.put("is_direct", isDirect);
        }
        if (visibility != null) {
            body.put("visibility", visibility.wire());
        }
        if (roomVersion != null) {
            body.put("room_version", roomVersion);
        }
        if (creationContent != null) {
            body.set("creation_content", creationContent);
        }
        return body;
    }

    /** Collects the fields of a {@link CreateRoom}. */
    public static final class Builder {
        private String aliasLocalpart;
        private String name;
        private String topic;
        private final List<StateEvent> initialState = new ArrayList<>();
        private ObjectNode powerLevelOverride;
        private final List<UserId> invite = new ArrayList<>();
        private Preset preset;
        private Boolean isDirect;
        private Visibility visibility;
        private String roomVersion;
        private ObjectNode creationContent;

        private Builder() {
        }

        /** The alias {@code #localpart:server} to create along with the room; makes creation retry-safe. */
        public Builder aliasLocalpart(String localpart) {
            this.aliasLocalpart = Objects.requireNonNull(localpart, "localpart");
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder topic(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /** Adds a state event sent right after the room's defaults, overriding them. */
        public Builder initialState(StateEvent event) {
            initialState.add(Objects.requireNonNull(event, "event"));
            return this;
        }

        /** Content merged over the default {@code m.room.power_levels}. */
        public Builder powerLevelOverride(ObjectNode content) {
            this.powerLevelOverride = Objects.requireNonNull(content, "content");
            return this;
        }

        public Builder invite(UserId user) {
            invite.add(Objects.requireNonNull(user, "user"));
            return this;
        }

        public Builder preset(Preset preset) {
            this.preset = Objects.requireNonNull(preset, "preset");
            return this;
        }

        /** Marks the invites as direct-message invites. */
        public Builder isDirect(boolean isDirect) {
            this.isDirect = isDirect;
            return this;
        }

        /** Whether to publish the room in the room directory. */
        public Builder visibility(Visibility visibility) {
            this.visibility = Objects.requireNonNull(visibility, "visibility");
            return this;
        }

        public Builder roomVersion(String roomVersion) {
            this.roomVersion = Objects.requireNonNull(roomVersion, "roomVersion");
            return this;
        }

        /** Extra content of {@code m.room.create}, e.g. {@code m.federate} or {@code type}. */
        public Builder creationContent(ObjectNode content) {
            this.creationContent = Objects.requireNonNull(content, "content");
            return this;
        }

        public CreateRoom build() {
            return new CreateRoom(this);
        }
    }
}
