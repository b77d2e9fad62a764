package dev.mxbridge.core.web;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request to a network's endpoint.
 *
 * @param method        {@code GET}, {@code POST}, ...
 * @param path          the full path, e.g. {@code /_mxbridge/slack/events}
 * @param pathParams    the values of the route's {@code {name}} segments
 * @param query         query parameters, each with its values in order
 * @param headers       headers, names in lower case (the last value of a repeated header)
 * @param body          the raw body (within the listener's size limit)
 * @param remoteAddress the peer's address
 */
public record WebRequest(String method, String path, Map<String, String> pathParams, Map<String, List<String>> query,
                         Map<String, String> headers, byte[] body, String remoteAddress) {

    public WebRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** A header, by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
