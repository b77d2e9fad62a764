package dev.mxbridge.testkit.telegram;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BooleanNode;

/** A successful answer: {@code result}, and the {@code description} a few methods add (e.g. "Webhook was set"). */
record Answer(JsonNode result, String description) {
    static Answer of(JsonNode result) {
        return new Answer(result, "");
    }

    static Answer ok() {
        return of(BooleanNode.TRUE);
    }

    static Answer ok(String description) {
        return new Answer(BooleanNode.TRUE, description);
    }
}
