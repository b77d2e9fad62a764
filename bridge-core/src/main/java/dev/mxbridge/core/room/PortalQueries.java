package dev.mxbridge.core.room;


import dev.mxbridge.core.handler.QueryHandler;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.ThirdPartyLookup;
import dev.mxbridge.core.user.Ghosts;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Answers the homeserver's queries for the network: third-party protocol lookups, aliases in the bridge's namespace
 * (a portal is created on demand) and ghosts' user ids. Runs on the AS API's request threads.
 */
final class PortalQueries implements QueryHandler {
    private final NetworkConnector network;
    private final Portals portals;
    private final Ghosts ghosts;

    PortalQueries(Parts parts) {
        this.network = parts.network();
        this.portals = parts.portals();
        this.ghosts = parts.ghosts();
    }

    @Override
    public Optional<JsonNode> protocol(String protocol) {
        return network instanceof ThirdPartyLookup lookup && protocol.equals(network.info().id())
                ? Optional.of(lookup.protocol()) : Optional.empty();
    }

    @Override
    public List<JsonNode> locations(String protocol, java.util.Map<String, String> fields) throws Exception {
        return network instanceof ThirdPartyLookup lookup && protocol.equals(network.info().id())
                ? lookup.locations(fields) : List.of();
    }

    @Override
    public List<JsonNode> users(String protocol, java.util.Map<String, String> fields) throws Exception {
        return network instanceof ThirdPartyLookup lookup && protocol.equals(network.info().id())
                ? lookup.users(fields) : List.of();
    }

    @Override
    public boolean queryAlias(String alias) throws Exception {
        return portals.onAliasQuery(alias);
    }

    @Override
    public boolean queryUser(String userId) {
        return ghosts.remoteId(userId).map(remote -> {
            ghosts.ensure(remote, Optional.empty());
            return true;
        }).orElse(false);
    }
}
