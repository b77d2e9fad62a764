package dev.mxbridge.core.journal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an AS transaction body ({@code events}, and {@code ephemeral} or its MSC2409 unstable name) in one pass. Each
 * event is journaled as the homeserver's own bytes for it rather than serialised again from its tree, which was an
 * eighth of the request thread's work. Malformed JSON anywhere wins over a body of the wrong shape, as it would if
 * the whole body were parsed first.
 */
final class TransactionBody {
    private static final String UNSTABLE_EPHEMERAL = "de.sorunome.msc2409.ephemeral";

    private TransactionBody() {
    }

    /**
     * The body's events, then its ephemeral events.
     *
     * @throws JacksonException        the body is not JSON
     * @throws BadTransactionException the body is JSON without a transaction's shape
     */
    static List<Journal.NewEntry> parse(JsonMapper json, byte[] body) {
        List<Journal.NewEntry> events = null;
        List<Journal.NewEntry> ephemeral = null;
        List<Journal.NewEntry> unstable = null;
        boolean hasEphemeral = false;
        String badShape = null;
        String badUnstable = null; // only counts without "ephemeral", which takes precedence
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                badShape = "a transaction must be a JSON object";
                p.skipChildren();
            } else {
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    try {
                        switch (name) {
                            case "events" -> events = value == JsonToken.START_ARRAY ? list(p, body, false)
                                    : fail("'events' must be an array");
                            case "ephemeral" -> {
                                hasEphemeral = true;
                                ephemeral = ephemeralList(p, body, value);
                            }
                            case UNSTABLE_EPHEMERAL -> {
                                try {
                                    unstable = ephemeralList(p, body, value);
                                } catch (BadTransactionException e) {
                                    badUnstable = e.getMessage();
                                    p.skipChildren();
                                }
                            }
                            default -> p.skipChildren();
                        }
                    } catch (BadTransactionException e) {
                        badShape = badShape == null ? e.getMessage() : badShape;
                        p.skipChildren();
                    }
                }
            }
            if (p.nextToken() != null) {
                throw new StreamReadException(p, "trailing content after the transaction");
            }
        }
        if (badShape == null && events == null) {
            badShape = "'events' must be an array";
        }
        if (badShape == null && !hasEphemeral) {
            badShape = badUnstable;
        }
        if (badShape != null) {
            throw new BadTransactionException(badShape);
        }
        List<Journal.NewEntry> extra = hasEphemeral ? ephemeral : unstable;
        if (extra == null || extra.isEmpty()) {
            return events;
        }
        List<Journal.NewEntry> out = new ArrayList<>(events.size() + extra.size());
        out.addAll(events);
        out.addAll(extra);
        return out;
    }

    private static List<Journal.NewEntry> ephemeralList(JsonParser p, byte[] body, JsonToken value) {
        return switch (value) {
            case START_ARRAY -> list(p, body, true);
            case VALUE_NULL -> null;
            default -> fail("'ephemeral' must be an array");
        };
    }

    /** The objects of the array the parser is at the start of, each with its bytes. */
    private static List<Journal.NewEntry> list(JsonParser p, byte[] body, boolean ephemeral) {
        List<Journal.NewEntry> out = new ArrayList<>();
        String badShape = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                badShape = badShape == null ? "every event must be an object with a string 'type'" : badShape;
                p.skipChildren();
                continue;
            }
            long start = p.currentTokenLocation().getByteOffset();
            JsonNode event = p.readValueAsTree();
            long end = p.currentTokenLocation().getByteOffset() + 1; // just past the closing brace
            if (!event.path("type").isString()) {
                badShape = badShape == null ? "every event must be an object with a string 'type'" : badShape;
                continue;
            }
            JsonNode room = event.get("room_id");
            if (room != null && !room.isString()) {
                badShape = badShape == null ? "'room_id' must be a string" : badShape;
                continue;
            }
            String text = start >= 0 && end > start && end <= body.length
                    ? new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8)
                    : event.toString();
            out.add(new Journal.NewEntry(room == null ? "" : room.asString(), ephemeral, event, text));
        }
        if (badShape != null) {
            throw new BadTransactionException(badShape);
        }
        return out;
    }

    private static <T> T fail(String message) {
        throw new BadTransactionException(message);
    }
}
