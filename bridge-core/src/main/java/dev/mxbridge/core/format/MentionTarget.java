package dev.mxbridge.core.format;

import dev.mxbridge.core.client.RoomAlias;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import java.util.Objects;

/**
 * Who or what a {@link Node.Mention} points at. Users and {@link Everyone} notify (they make up
 * {@code m.mentions}); rooms and aliases are links ("pills") to a room and notify nobody.
 */
public sealed interface MentionTarget {

    /** A Matrix user: a real user or a ghost standing for a remote user. */
    record User(UserId id) implements MentionTarget {
        public User {
            Objects.requireNonNull(id, "id");
        }
    }

    /** A room by id. */
    record Room(RoomId id) implements MentionTarget {
        public Room {
            Objects.requireNonNull(id, "id");
        }
    }

    /** A room by alias. */
    record Alias(RoomAlias alias) implements MentionTarget {
        public Alias {
            Objects.requireNonNull(alias, "alias");
        }
    }

    /** Everyone in the room: Matrix {@code @room} ({@code m.mentions.room}), Slack {@code @channel}. */
    record Everyone() implements MentionTarget {
    }
}
