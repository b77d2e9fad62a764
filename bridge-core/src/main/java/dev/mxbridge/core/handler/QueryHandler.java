package dev.mxbridge.core.handler;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Answers the homeserver's queries about ids in the bridge's namespaces. Every method has a default that answers
 * "not found", so a bridge implements only what it offers. Calls block the homeserver until they return: create
 * what is asked for, then return.
 */
public interface QueryHandler {

    /** A handler that knows nothing: every query is answered 404. */
    QueryHandler NONE = new QueryHandler() {
    };

    /**
     * The homeserver asks whether a user in our namespace exists; only ids matching the registration's user
     * namespaces are passed on.
     *
     * @return true once the user exists (registered by the bridge), false to answer 404
     */
    default boolean queryUser(String userId) throws Exception {
        return false;
    }

    /**
     * Someone wants to join or resolve an alias in our namespace.
     *
     * @return true once a room with that alias exists, false to answer 404 (and create nothing)
     */
    default boolean queryAlias(String alias) throws Exception {
        return false;
    }

    /** The description of a third-party protocol ({@code user_fields}, {@code location_fields}, ...), if offered. */
    default Optional<JsonNode> protocol(String protocol) throws Exception {
        return Optional.empty();
    }

    /** Third-party locations matching the search fields. */
    default List<JsonNode> locations(String protocol, Map<String, String> fields) throws Exception {
        return List.of();
    }

    /** Third-party users matching the search fields. */
    default List<JsonNode> users(String protocol, Map<String, String> fields) throws Exception {
        return List.of();
    }

    /** Third-party locations bridged to a Matrix room alias. */
    default List<JsonNode> locationsForAlias(String alias) throws Exception {
        return List.of();
    }

    /** Third-party users behind a Matrix user id. */
    default List<JsonNode> usersForUserId(String userId) throws Exception {
        return List.of();
    }
}
