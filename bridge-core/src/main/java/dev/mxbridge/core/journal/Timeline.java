package dev.mxbridge.core.journal;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A room's timeline as the homeserver keeps it, read by the journal's repair to find events that never arrived in a
 * transaction. {@link dev.mxbridge.core.Bridge} implements it over the Client-Server API ({@code /context} and
 * {@code /messages}).
 *
 * <p>Threading: called from the repair's virtual threads, for several rooms at once; calls block.
 */
@FunctionalInterface
public interface Timeline {

    /** A timeline that reads nothing: the repair is off. */
    Timeline NONE = (room, after, reader, max) -> List.of();

    /**
     * The room's events after {@code eventId}, oldest first, at most {@code max}.
     *
     * @param reader one of our users in the room to read as; empty: the bridge bot
     * @throws RuntimeException when the room cannot be read (the repair skips it and says why)
     */
    List<JsonNode> eventsAfter(String roomId, String eventId, Optional<String> reader, int max);
}
