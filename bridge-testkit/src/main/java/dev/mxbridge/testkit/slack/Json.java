package dev.mxbridge.testkit.slack;

import dev.mxbridge.testkit.TestKitException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The one JSON mapper of the fake, and the few helpers every part needs. */
final class Json {
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static ObjectNode ok() {
        return object().put("ok", true);
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new TestKitException("not JSON: " + text, e);
        }
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }
}
