package dev.mxbridge.testkit.slack;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The arguments of a Web API call, taken as Slack takes them: from the query string and from a form-encoded,
 * multipart or JSON body. Form values are strings; structured arguments such as {@code blocks} may come as JSON text
 * (forms) or as JSON values (JSON bodies), and {@link #json} reads both.
 */
final class Args {
    private final ObjectNode values;

    private Args(ObjectNode values) {
        this.values = values;
    }

    static Args empty() {
        return new Args(Json.object());
    }

    static Args from(Context ctx) {
        ObjectNode values = Json.object();
        ctx.queryParamMap().forEach((name, list) -> values.put(name, list.getFirst()));
        if (ctx.method() == HandlerType.POST) {
            String type = String.valueOf(ctx.contentType()).toLowerCase(Locale.ROOT);
            if (type.startsWith("application/json")) {
                JsonNode body;
                try {
                    body = Json.parse(ctx.body());
                } catch (RuntimeException e) {
                    throw new SlackError("invalid_json");
                }
                if (!body.isObject()) {
                    throw new SlackError("json_not_object");
                }
                body.properties().forEach(e -> values.set(e.getKey(), e.getValue()));
            } else if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
                ctx.formParamMap().forEach((name, list) -> values.put(name, list.getFirst()));
            }
        }
        return new Args(values);
    }

    /** A non-empty argument; JSON values other than strings as their JSON text. */
    Optional<String> string(String name) {
        JsonNode node = values.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        String text = node.isString() ? node.asString() : Json.write(node);
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** A required argument, or the error Slack answers without it. */
    String required(String name, String error) {
        return string(name).orElseThrow(() -> new SlackError(error));
    }

    boolean bool(String name) {
        return string(name).map(v -> v.equals("true") || v.equals("1")).orElse(false);
    }

    int integer(String name, int fallback) {
        try {
            return string(name).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A structured argument, given as JSON text or as a JSON value; {@code error} if it is not JSON. */
    Optional<JsonNode> json(String name, String error) {
        JsonNode node = values.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            return Optional.of(node);
        }
        try {
            return node.asString().isEmpty() ? Optional.empty() : Optional.of(Json.parse(node.asString()));
        } catch (RuntimeException e) {
            throw new SlackError(error);
        }
    }

    /** Every argument but the token, as text, for the call log. */
    Map<String, String> recorded() {
        Map<String, String> copy = new LinkedHashMap<>();
        values.properties().forEach(e -> {
            if (!e.getKey().equals("token")) {
                copy.put(e.getKey(), e.getValue().isString() ? e.getValue().asString() : Json.write(e.getValue()));
            }
        });
        return copy;
    }
}
