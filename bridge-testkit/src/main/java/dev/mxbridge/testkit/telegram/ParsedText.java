package dev.mxbridge.testkit.telegram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Text with its {@code MessageEntity} objects, as a parse mode or an {@code entities} parameter gives them. */
record ParsedText(String text, List<ObjectNode> entities) {
    private static final Comparator<ObjectNode> ORDER = Comparator
            .comparingInt((ObjectNode e) -> e.get("offset").asInt())
            .thenComparing(e -> -e.get("length").asInt());

    ParsedText {
        List<ObjectNode> sorted = new ArrayList<>(entities);
        sorted.sort(ORDER);
        entities = List.copyOf(sorted);
    }

    static ObjectNode entity(String type, int offset, int length) {
        ObjectNode json = Render.object();
        json.put("type", type);
        json.put("offset", offset);
        json.put("length", length);
        return json;
    }
}
