package dev.mxbridge.core.client;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A scripted answer of the {@link FakeHomeserver}. */
record FakeResponse(int status, Map<String, String> headers, byte[] body, boolean hangs) {

    static FakeResponse json(int status, String json) {
        return new FakeResponse(status, Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8), false);
    }

    static FakeResponse ok(String json) {
        return json(200, json);
    }

    static FakeResponse error(int status, String errcode, String error) {
        return json(status, "{\"errcode\":\"" + errcode + "\",\"error\":\"" + error + "\"}");
    }

    static FakeResponse raw(int status, String contentType, byte[] body) {
        return new FakeResponse(status, Map.of("Content-Type", contentType), body, false);
    }

    /** Reads the request and never answers. */
    static FakeResponse hang() {
        return new FakeResponse(0, Map.of(), new byte[0], true);
    }

    FakeResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new FakeResponse(status, copy, body, hangs);
    }
}
