package dev.mxbridge.testkit.telegram;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request's parameters, however they came (query string, form, JSON, multipart), as the real server sees them:
 * every value a string, JSON-valued parameters as their JSON text, an empty value the same as a missing one.
 */
final class Params {
    static final JsonMapper JSON = JsonMapper.builder().build();

    /** An uploaded multipart part with a file name. */
    record Upload(String name, String fileName, String contentType, byte[] bytes) {
    }

    private final Map<String, String> values;
    private final Map<String, Upload> files;

    Params(Map<String, String> values, Map<String, Upload> files) {
        this.values = Map.copyOf(values);
        this.files = Map.copyOf(files);
    }

    static Params of(Map<String, String> values) {
        return new Params(values, Map.of());
    }

    Map<String, String> values() {
        return values;
    }

    List<String> fileNames() {
        return List.copyOf(files.keySet());
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty());
    }

    String string(String name) {
        return get(name).orElse("");
    }

    /** Lenient like the real server: a missing or malformed number is the default. */
    long number(String name, long defaultValue) {
        try {
            return get(name).map(String::trim).map(Long::parseLong).orElse(defaultValue);
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    int integer(String name, int defaultValue) {
        long value = number(name, defaultValue);
        return value > Integer.MAX_VALUE || value < Integer.MIN_VALUE ? defaultValue : (int) value;
    }

    /** {@code true}, {@code yes} or {@code 1}, as the real server's {@code to_bool}. */
    boolean flag(String name) {
        String value = string(name).trim().toLowerCase(Locale.ROOT);
        return value.equals("true") || value.equals("yes") || value.equals("1");
    }

    /** A JSON-serialised parameter such as {@code reply_parameters}; {@code what} names it in the error. */
    Optional<JsonNode> json(String name, String what) {
        Optional<String> text = get(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(text.get()));
        } catch (JacksonException e) {
            throw ApiError.badRequest("can't parse " + what + " JSON object");
        }
    }

    Optional<Upload> file(String partName) {
        return Optional.ofNullable(files.get(partName));
    }
}
