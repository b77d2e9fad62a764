package dev.mxbridge.core.client;

import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * A state event to write, as in a room's {@code initial_state}: type, state key (often empty) and content.
 *
 * @param type     event type, e.g. {@code m.room.avatar}
 * @param stateKey state key, empty for most room-level state
 * @param content  event content
 */
public record StateEvent(String type, String stateKey, ObjectNode content) {

    public StateEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stateKey, "stateKey");
        Objects.requireNonNull(content, "content");
    }

    /** A state event with the empty state key. */
    public static StateEvent of(String type, ObjectNode content) {
        return new StateEvent(type, "", content);
    }
}
