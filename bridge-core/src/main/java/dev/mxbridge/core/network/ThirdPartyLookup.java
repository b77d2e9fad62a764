package dev.mxbridge.core.network;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A {@link NetworkConnector} that answers the homeserver's third-party lookups (the room directory's network
 * filter, user search by remote fields). Results are the spec's JSON objects ({@code alias}, {@code protocol},
 * {@code fields} for locations; {@code userid}, {@code protocol}, {@code fields} for users).
 */
public interface ThirdPartyLookup {

    /** The protocol description ({@code user_fields}, {@code location_fields}, {@code instances}, ...). */
    JsonNode protocol();

    /** Locations (remote rooms) matching the search fields. */
    List<JsonNode> locations(Map<String, String> fields) throws Exception;

    /** Remote users matching the search fields. */
    List<JsonNode> users(Map<String, String> fields) throws Exception;
}
