package dev.mxbridge.core;

import dev.mxbridge.core.appservice.AppServiceServer;
import dev.mxbridge.core.handler.QueryHandler;
import dev.mxbridge.core.client.EventId;
import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.client.MatrixClientConfig;
import dev.mxbridge.core.client.RetryPolicy;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.handler.EventHandler;
import dev.mxbridge.core.journal.Inbox;
import dev.mxbridge.core.journal.Journal;
import dev.mxbridge.core.network.Links;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.order.Lanes;
import dev.mxbridge.core.room.NetworkBridge;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.registration.RegistrationYaml;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.web.WebRoute;
import dev.mxbridge.core.web.WebRoutes;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One running bridge: the store, the journal, the AS HTTP API and the Matrix client, wired together and started in
 * the order that loses nothing (store, then unfinished events, then the listener). Built with {@link #builder}.
 *
 * <pre>{@code
 * Bridge bridge = Bridge.builder(config)
 *         .handler(b -> event -> ...)          // what to do with events from Matrix
 *         .queries(b -> new MyQueryHandler(b))  // optional: user and alias queries
 *         .start();
 * }</pre>
 */
public final class Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(10);

    private final BridgeConfig config;
    private final Registration registration;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Database database;
    private MatrixClient matrix;
    private Inbox inbox;
    private AppServiceServer server;
    private NetworkBridge networkBridge;
    /** Where the provisioning API is served (see {@code docs/provisioning.md}). */
    public static final String PROVISIONING_PREFIX = "/_mxbridge/provision/v1";
    private volatile boolean ready;
    private NetworkConnector network; // null for a bridge built with a handler

    private Bridge(BridgeConfig config, Registration registration) {
        this.config = config;
        this.registration = registration;
    }

    /** A builder for a bridge with this configuration. */
    public static Builder builder(BridgeConfig config) {
        return new Builder(config);
    }

    private void start(Function<Bridge, EventHandler> handler, Function<Bridge, QueryHandler> queries,
                       NetworkConnector network) {
        this.network = network;
        for (String warning : registration.validate()) {
            LOG.warn("registration: {}", warning);
        }
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        try {
            database = track(Database.open(config.database()));
            database.bindTo(metrics);
            matrix = track(MatrixClient.create(clientConfig()));
            Journal journal = track(Journal.jdbc(database, config.journal().transactionRetention(),
                    config.journal().eventRetention()));
            String domain = config.homeserver().domain();
            Lanes lanes = new Lanes("lane"); // both directions of a room, in one order; the inbox stops them
            if (network != null) {
                networkBridge = new NetworkBridge(network, matrix, database, config, lanes, metrics);
                resources.add(networkBridge::close); // closed after the network stops (reverse order)
                resources.add(network::stop);
                handler = b -> networkBridge.handler();
                queries = b -> networkBridge.queries();
            }
            inbox = track(new Inbox(journal, handler.apply(this), user -> registration.isBridgeUser(user, domain),
                    config.journal(), this::eventsAfter, lanes, metrics));
            inbox.start();
            java.util.Map<String, List<WebRoute>> routes = new java.util.LinkedHashMap<>();
            if (network instanceof WebRoutes web) {
                routes.put(webPrefix(network), web.routes());
            }
            if (networkBridge != null) {
                routes.put(PROVISIONING_PREFIX, networkBridge.provisioning(PROVISIONING_PREFIX));
            }
            server = track(new AppServiceServer(config.appservice(), registration, inbox, queries.apply(this),
                    this::problem, metrics::scrape, routes).start());
            if (networkBridge != null) {
                networkBridge.start(registration.receiveEphemeral());
            }
            ready = true;
            HomeserverCheck check = new HomeserverCheck(matrix, registration, config.homeserver().url(), inbox::hasReceived,
                    Duration.ofSeconds(2));
            Thread.ofVirtual().name("homeserver-check").start(check::run);
            track(new HomeserverWatch(matrix::answers, config.homeserver().url().toString(), WATCH_INTERVAL,
                    () -> inbox.repair("the homeserver answers again after it did not"), metrics));
        } catch (Exception e) {
            close();
            throw e instanceof RuntimeException r ? r : new BridgeException("starting the bridge failed: " + e.getMessage(), e);
        }
    }

    private MatrixClientConfig clientConfig() {
        BridgeConfig.Client c = config.client();
        RetryPolicy retry = new RetryPolicy(Integer.MAX_VALUE, c.maxRetryTime(), Duration.ofMillis(250), Duration.ofSeconds(10));
        return new MatrixClientConfig(config.homeserver().url(), registration.asToken(), config.homeserver().domain(),
                UserId.of(registration.senderLocalpart(), config.homeserver().domain()), c.connectTimeout(),
                c.requestTimeout(), c.requestTimeout().multipliedBy(6), retry);
    }

    /** Where a network's own endpoints ({@link WebRoutes}) are served: {@code /_mxbridge/<network id>}. */
    public static String webPrefix(NetworkConnector network) {
        return "/_mxbridge/" + network.info().id();
    }

    /** The journal's {@link dev.mxbridge.core.journal.Timeline}: read as {@code reader} if given, else as the bot. */
    private List<JsonNode> eventsAfter(String room, String eventId, Optional<String> reader, int max) {
        Intent intent = reader.map(user -> matrix.intent(new UserId(user))).orElseGet(matrix::bot);
        return List.copyOf(intent.eventsAfter(new RoomId(room), new EventId(eventId), max));
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Whether the bridge takes traffic: started, and the database answers. */
    public boolean isReady() {
        return problem().isEmpty();
    }

    /**
     * Why the bridge is not ready, if it is not: starting or stopping, the database unreachable, or the network's
     * own {@linkplain NetworkConnector.Health problem}.
     */
    public Optional<String> problem() {
        if (!ready) {
            return Optional.of("the bridge is starting or stopping");
        }
        if (!database.isHealthy()) {
            return Optional.of("the database cannot be reached");
        }
        return network instanceof NetworkConnector.Health health ? health.problem() : Optional.empty();
    }

    public BridgeConfig config() {
        return config;
    }

    public Registration registration() {
        return registration;
    }

    /** The Client-Server API client, acting as the bot or any of our ghosts. */
    public MatrixClient matrix() {
        return matrix;
    }

    /**
     * The links between Matrix rooms and remote rooms, when the bridge was built with {@link Builder#network}.
     *
     * @throws IllegalStateException for a bridge built with a {@link Builder#handler} instead
     */
    public Links links() {
        if (networkBridge == null) {
            throw new IllegalStateException("a bridge without a network has no links");
        }
        return networkBridge.links();
    }

    /** The port the AS API listens on. */
    public int port() {
        return server.port();
    }

    /** The metrics registry, also served at {@code /metrics}. */
    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Stops taking transactions, lets handlers finish the event in hand, and closes everything in reverse order. */
    @Override
    public void close() {
        ready = false;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        resources.clear();
        metrics.close();
    }

    /** Builds and starts a {@link Bridge}. */
    public static final class Builder {
        private final BridgeConfig config;
        private Registration registration;
        private Function<Bridge, EventHandler> handler;
        private Function<Bridge, QueryHandler> queries = b -> QueryHandler.NONE;
        private NetworkConnector network;

        private Builder(BridgeConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The registration to use; by default it is read from {@code appservice.registration}. */
        public Builder registration(Registration value) {
            this.registration = value;
            return this;
        }

        /** What handles events from the homeserver; given the bridge, for access to its client and store. */
        public Builder handler(Function<Bridge, EventHandler> value) {
            this.handler = value;
            return this;
        }

        /** What answers user, alias and third-party queries; by default every query is answered 404. */
        public Builder queries(Function<Bridge, QueryHandler> value) {
            this.queries = value;
            return this;
        }

        /**
         * Bridges a network: portals, ghosts and message flow both ways come from the core; replaces any
         * {@link #handler} and {@link #queries}.
         */
        public Builder network(NetworkConnector value) {
            this.network = value;
            return this;
        }

        /** Starts the bridge; it is taking transactions when this returns. */
        public Bridge start() {
            if (handler == null && network == null) {
                throw new IllegalStateException("an event handler or a network is required");
            }
            Registration reg = registration != null ? registration : RegistrationYaml.read(config.appservice().registration());
            Bridge bridge = new Bridge(config, reg);
            bridge.start(handler, queries, network);
            return bridge;
        }
    }
}
