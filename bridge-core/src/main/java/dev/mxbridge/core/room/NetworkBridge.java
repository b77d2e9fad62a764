package dev.mxbridge.core.room;

import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.command.Commands;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.handler.EventHandler;
import dev.mxbridge.core.handler.QueryHandler;
import dev.mxbridge.core.network.Links;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.order.Lanes;
import dev.mxbridge.core.remote.RemoteInbox;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.user.Puppets;
import dev.mxbridge.core.web.WebRoute;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * One network, bridged: the roles the {@link dev.mxbridge.core.Bridge} wires in. Matrix → remote is the
 * {@link #handler() event handler} the journal calls ({@link MatrixToRemote}); remote → Matrix takes what the network
 * pushes ({@link RemoteToMatrix}); the network sees the bridge through its context ({@link BridgeContext}); the
 * homeserver's queries are answered by {@link PortalQueries}. Both directions of a room run in one lane of the
 * shared {@link Lanes}, the bridge's one ordering path.
 */
public final class NetworkBridge {
    private final Parts parts;
    private final MatrixToRemote matrixToRemote;
    private final RemoteToMatrix remoteToMatrix;
    private final BridgeContext context;
    private final PortalQueries queries;
    private final ProvisioningApi provisioning;
    private final boolean provisioningEnabled;
    private final EphemeralEvents ephemeral = new EphemeralEvents();
    private final java.net.URI homeserver;

    /** @param lanes the lanes the journal's inbox hands Matrix events to */
    public NetworkBridge(NetworkConnector network, MatrixClient matrix, Database db, BridgeConfig config, Lanes lanes,
                         MeterRegistry metrics) {
        this.parts = Parts.create(network, matrix, db, config);
        Commands commands = RoomCommands.create(parts, config.bridging(), parts.permissions());
        this.matrixToRemote = new MatrixToRemote(parts, commands, ephemeral);
        this.provisioning = new ProvisioningApi(parts, commands, config);
        this.provisioningEnabled = config.bridging().provisioning().enabled();
        this.remoteToMatrix = new RemoteToMatrix(parts, new RemoteInbox(db, config.journal().eventRetention()), lanes, metrics);
        this.context = new BridgeContext(parts, remoteToMatrix, ephemeral, metrics);
        this.homeserver = config.homeserver().url();
        this.queries = new PortalQueries(parts);
    }

    /** Matrix → remote: what the inbox hands the journal's events to. */
    public EventHandler handler() {
        return matrixToRemote;
    }

    /** The homeserver's user, alias and third-party queries. */
    public QueryHandler queries() {
        return queries;
    }

    /**
     * The provisioning API's and web page's routes, to be served under {@code prefix} (none when
     * {@code bridge.provisioning.enabled} is false); see {@link ProvisioningApi} and {@link ProvisioningPage}.
     */
    public List<WebRoute> provisioning(String prefix) {
        if (!provisioningEnabled) {
            return List.of();
        }
        List<WebRoute> routes = new java.util.ArrayList<>(provisioning.routes());
        routes.addAll(new ProvisioningPage(parts, provisioning, prefix).routes());
        return routes;
    }

    /** The bridge's links, as the network's context sees them. */
    public Links links() {
        return context;
    }

    /**
     * Asks the homeserver whether it pushes ephemeral events, resumes unfinished remote events, starts the network
     * module with its context, then reconnects stored logins.
     *
     * @param receiveEphemeral the registration's {@code receive_ephemeral}
     */
    public void start(boolean receiveEphemeral) throws Exception {
        ephemeral.probe(homeserver, receiveEphemeral);
        remoteToMatrix.start();
        parts.network().start(context);
        parts.puppets().ifPresent(Puppets::connectAll);
    }

    /** Commits the message map's recorded rows; called once the network has stopped, before the store closes. */
    public void close() {
        remoteToMatrix.close();
        parts.messages().close();
    }
}
