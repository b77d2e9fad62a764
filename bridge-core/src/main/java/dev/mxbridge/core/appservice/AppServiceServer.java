package dev.mxbridge.core.appservice;

import dev.mxbridge.core.handler.QueryHandler;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.journal.Inbox;
import dev.mxbridge.core.registration.Registration;
import dev.mxbridge.core.web.WebRequest;
import dev.mxbridge.core.web.WebResponse;
import dev.mxbridge.core.web.WebRoute;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.LowResourceMonitor;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The AS HTTP API the homeserver calls: transactions, user and alias queries, third-party lookups and ping, under
 * {@code /_matrix/app/v1} and the spec's legacy paths; plus {@code /health}, {@code /ready} and {@code /metrics}
 * for operators. Requests run on Jetty's own threads; {@link #close} lets those in progress finish.
 */
public final class AppServiceServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppServiceServer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final String V1 = "/_matrix/app/v1";
    private static final String UNSTABLE = "/_matrix/app/unstable";
    /**
     * Slowest request body accepted, counted from its first byte: a client that trickles a body in would otherwise
     * hold a request thread for as long as it keeps sending a byte within Jetty's 30 s idle timeout (408 instead).
     */
    static final long MIN_BODY_BYTES_PER_SECOND = 1024;
    /**
     * How long {@link #close} lets requests in progress finish (a transaction's journal append, a network's webhook)
     * before Jetty cuts them. Without it the homeserver would see its connection closed mid-answer for a transaction
     * that may already be stored, and retry it only after its back-off (Dendrite: 2 s and more, with more events).
     */
    static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(10);
    private static final java.time.Duration IDLE_CONNECTION_AT_STOP = java.time.Duration.ofMillis(50);

    private final Javalin app;
    private final BridgeConfig.AppService config;
    private final Registration registration;
    private final Inbox inbox;
    private final QueryHandler queries;
    private final Authorization auth;
    private final Supplier<Optional<String>> problem;
    private final Supplier<String> metrics;
    private final java.util.Map<String, List<WebRoute>> webRoutes;

    /**
     * @param ready   whether the bridge can take traffic (database reachable, journal resumed)
     * @param metrics the Prometheus text exposition
     */
    public AppServiceServer(BridgeConfig.AppService config, Registration registration, Inbox inbox,
                            QueryHandler queries, BooleanSupplier ready, Supplier<String> metrics) {
        this(config, registration, inbox, queries,
                () -> ready.getAsBoolean() ? Optional.empty() : Optional.of("not ready"), metrics, java.util.Map.of());
    }

    /**
     * As above, also serving endpoints of the bridge's own under their prefixes (a network's under e.g.
     * {@code /_mxbridge/slack}, the provisioning API's under {@code /_mxbridge/provision/v1}), without the
     * homeserver's token: each checks its own authentication.
     *
     * @param problem why the bridge cannot take traffic, empty when it can ({@code /ready} answers 503 with it)
     */
    public AppServiceServer(BridgeConfig.AppService config, Registration registration, Inbox inbox,
                            QueryHandler queries, Supplier<Optional<String>> problem, Supplier<String> metrics,
                            java.util.Map<String, List<WebRoute>> webRoutes) {
        this.webRoutes = new java.util.LinkedHashMap<>(webRoutes);
        this.config = config;
        this.registration = registration;
        this.inbox = inbox;
        this.queries = queries;
        this.auth = new Authorization(registration.hsToken());
        this.problem = problem;
        this.metrics = metrics;
        this.app = Javalin.create(this::configure);
    }

    private void configure(io.javalin.config.JavalinConfig cfg) {
        // Jetty's own pool of platform threads, not a virtual thread per request: the homeserver sends one transaction
        // at a time, so a few threads suffice, and the request then runs on the thread that read it, and its journal
        // append blocks that thread directly, with no hand-off to a carrier (lower p99: docs/performance.md).
        cfg.concurrency.useVirtualThreads = false;
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.http.prefer405over404 = true;
        cfg.http.maxRequestSize = config.maxBodyBytes();
        cfg.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(MIN_BODY_BYTES_PER_SECOND));
        cfg.jetty.modifyServer(server -> configureJetty(server,
                new TransactionRoute(inbox, auth, config.maxBodyBytes(), MIN_BODY_BYTES_PER_SECOND)));
        cfg.jetty.host = config.bind();
        cfg.jetty.port = config.port();
        var r = cfg.routes;
        for (String prefix : List.of(V1, "")) {
            r.get(prefix + "/users/{userId}", authed(this::queryUser));
            r.get(prefix + "/rooms/{alias}", authed(this::queryAlias));
        }
        for (String prefix : List.of(V1, UNSTABLE)) {
            r.get(prefix + "/thirdparty/protocol/{protocol}", authed(this::protocol));
            r.get(prefix + "/thirdparty/location/{protocol}", authed(ctx -> lookup(ctx, queries.locations(ctx.pathParam("protocol"), fields(ctx)))));
            r.get(prefix + "/thirdparty/user/{protocol}", authed(ctx -> lookup(ctx, queries.users(ctx.pathParam("protocol"), fields(ctx)))));
            r.get(prefix + "/thirdparty/location", authed(ctx -> lookup(ctx, queries.locationsForAlias(required(ctx, "alias")))));
            r.get(prefix + "/thirdparty/user", authed(ctx -> lookup(ctx, queries.usersForUserId(required(ctx, "userid")))));
        }
        r.post(V1 + "/ping", authed(this::ping));
        r.get("/health", ctx -> json(ctx, 200, JSON.createObjectNode().put("status", "ok")));
        r.get("/ready", ctx -> {
            Optional<String> why = problem.get();
            ObjectNode body = JSON.createObjectNode().put("status", why.isEmpty() ? "ready" : "not ready");
            why.ifPresent(reason -> body.put("reason", reason));
            json(ctx, why.isEmpty() ? 200 : 503, body);
        });
        r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.get()));
        webRoutes.forEach((prefix, routes) -> {
            for (WebRoute route : routes) {
                String path = prefix + "/" + route.path();
                Handler handler = ctx -> web(ctx, route);
                switch (route.method()) {
                    case "GET" -> r.get(path, handler);
                    case "POST" -> r.post(path, handler);
                    case "PUT" -> r.put(path, handler);
                    default -> r.delete(path, handler);
                }
            }
        });

        r.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String errcode = status == 413 ? "M_TOO_LARGE" : status == 405 || status == 404 ? "M_UNRECOGNIZED" : "M_UNKNOWN";
            MatrixError.send(ctx, status, errcode, status == 413 ? "Request body larger than " + config.maxBodyBytes() + " bytes" : e.getMessage());
        });
        // Jetty's own refusals while the body is read (408 for one that trickles in, 400 for bad chunking): the client's
        // fault, answered as such and not logged as our failure.
        r.exception(BadMessageException.class, (e, ctx) -> {
            LOG.debug("{} {} from {} refused: {}", ctx.method(), ctx.path(), ctx.ip(), e.getMessage());
            MatrixError.send(ctx, e.getCode(), "M_UNKNOWN", e.getReason() == null ? "Bad request" : e.getReason());
        });
        r.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            MatrixError.send(ctx, 500, "M_UNKNOWN", "Internal error");
        });
        r.error(404, ctx -> {
            if (ctx.result() == null) {
                MatrixError.send(ctx, 404, "M_UNRECOGNIZED", "Unrecognized request");
            }
        });
        r.error(405, ctx -> {
            if (ctx.result() == null) {
                MatrixError.send(ctx, 405, "M_UNRECOGNIZED", "Unsupported method");
            }
        });
    }

    /**
     * Takes out what Javalin adds to every Jetty server and this one does not use: the {@link LowResourceMonitor},
     * which wakes Jetty's scheduler every second to look at the thread pool (docs/performance.md), and the
     * per-request {@link StatisticsHandler} (the bridge's metrics are Micrometer's). Puts in a {@link GracefulHandler}
     * with a stop timeout of {@link #STOP_GRACE} instead: on stop, Jetty stops accepting, answers new requests on open
     * connections 503, and waits for the requests in progress. Inside it {@code transactions} serves the homeserver's
     * transactions itself; Javalin attaches its servlet context inside that, for every other request. Runs before
     * Javalin attaches it.
     */
    static void configureJetty(Server server, org.eclipse.jetty.server.Handler.Wrapper transactions) {
        server.getBeans(LowResourceMonitor.class).forEach(server::removeBean);
        GracefulHandler graceful = new GracefulHandler();
        graceful.setHandler(transactions);
        server.setHandler(graceful); // in place of Javalin's StatisticsHandler, which wraps nothing yet
        server.setStopTimeout(STOP_GRACE.toMillis());
    }

    /** The Jetty server behind the API, for tests of its set-up. */
    Server jetty() {
        return app.jettyServer().server();
    }

    /** Starts listening; returns this. */
    public AppServiceServer start() {
        app.start();
        // On stop, a connection with no request in progress (the homeserver's kept-alive one) closes after this
        // instead of Jetty's 1 s, which every restart would otherwise wait out.
        for (var connector : jetty().getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.AbstractConnector c) {
                c.setShutdownIdleTimeout(IDLE_CONNECTION_AT_STOP.toMillis());
            }
        }
        LOG.info("AS API listening on {}:{}", config.bind(), app.port());
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** Stops taking requests and lets those in progress finish, for up to {@link #STOP_GRACE}. */
    @Override
    public void close() {
        app.stop();
    }

    private Handler authed(Handler handler) {
        return ctx -> {
            if (auth.check(ctx)) {
                handler.handle(ctx);
            }
        };
    }

    /**
     * A network's endpoint: the request as a plain record, the answer back; a failure is a bare 500. The route's guard
     * sees the request before its body is read; a body over the route's own limit is 413 without the handler.
     */
    private void web(Context ctx, WebRoute route) {
        Map<String, String> headers = new HashMap<>();
        ctx.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), value));
        WebRequest head = new WebRequest(ctx.method().name(), ctx.path(), ctx.pathParamMap(), ctx.queryParamMap(),
                headers, new byte[0], ctx.ip());
        WebResponse response;
        try {
            Optional<WebResponse> refusal = route.guard().refuse(head);
            if (refusal.isPresent()) {
                response = refusal.get();
            } else {
                Optional<byte[]> body = body(ctx, route.maxBodyBytes());
                if (body.isEmpty()) {
                    MatrixError.send(ctx, 413, "M_TOO_LARGE", "Request body larger than " + route.maxBodyBytes() + " bytes");
                    return;
                }
                response = route.handler().handle(new WebRequest(head.method(), head.path(), head.pathParams(),
                        head.query(), head.headers(), body.get(), head.remoteAddress()));
            }
        } catch (HttpResponseException | BadMessageException e) {
            throw e; // the listener's own limits (413, 408), answered by their exception handlers
        } catch (java.io.IOException e) {
            if (e.getCause() instanceof BadMessageException limit) {
                throw limit; // a body that trickled in, while we read it ourselves
            }
            LOG.warn("{} {} failed: {}", route.method(), ctx.path(), e.toString());
            response = WebResponse.text(500, "Internal error");
        } catch (Exception e) {
            LOG.warn("{} {} failed: {}", route.method(), ctx.path(), e.toString());
            response = WebResponse.text(500, "Internal error");
        }
        ctx.status(response.status());
        response.headers().forEach(ctx::header);
        if (!response.contentType().isEmpty()) {
            ctx.contentType(response.contentType());
        }
        ctx.result(response.body());
    }

    /** The body, or empty if it is over the route's limit ({@code 0}: the listener's, which Javalin enforces). */
    private Optional<byte[]> body(Context ctx, long routeLimit) throws java.io.IOException {
        if (routeLimit == 0 || routeLimit >= config.maxBodyBytes()) {
            return Optional.of(ctx.bodyAsBytes());
        }
        if (ctx.req().getContentLengthLong() > routeLimit) {
            return Optional.empty();
        }
        byte[] body = ctx.req().getInputStream().readNBytes((int) routeLimit + 1);
        return body.length > routeLimit ? Optional.empty() : Optional.of(body);
    }

    private void queryUser(Context ctx) throws Exception {
        String userId = ctx.pathParam("userId");
        boolean ours = registration.users().stream().anyMatch(ns -> ns.matches(userId));
        if (ours && queries.queryUser(userId)) {
            ctx.status(200).contentType("application/json").result(EMPTY_OBJECT);
        } else {
            MatrixError.send(ctx, 404, "M_NOT_FOUND", "No such user");
        }
    }

    private void queryAlias(Context ctx) throws Exception {
        String alias = ctx.pathParam("alias");
        if (registration.ownsAlias(alias) && queries.queryAlias(alias)) {
            ctx.status(200).contentType("application/json").result(EMPTY_OBJECT);
        } else {
            MatrixError.send(ctx, 404, "M_NOT_FOUND", "No such room alias");
        }
    }

    private void protocol(Context ctx) throws Exception {
        Optional<JsonNode> protocol = queries.protocol(ctx.pathParam("protocol"));
        if (protocol.isPresent()) {
            json(ctx, 200, protocol.get());
        } else {
            MatrixError.send(ctx, 404, "M_NOT_FOUND", "No such protocol");
        }
    }

    private static void lookup(Context ctx, List<JsonNode> results) {
        if (results.isEmpty()) {
            MatrixError.send(ctx, 404, "M_NOT_FOUND", "No mappings found");
        } else {
            json(ctx, 200, JSON.valueToTree(results));
        }
    }

    private static String required(Context ctx, String param) {
        String value = ctx.queryParam(param);
        if (value == null || value.isEmpty()) {
            throw new HttpResponseException(HttpStatus.BAD_REQUEST.getCode(), "missing query parameter " + param, Map.of());
        }
        return value;
    }

    private static Map<String, String> fields(Context ctx) {
        Map<String, String> fields = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!k.equals("access_token") && !v.isEmpty()) {
                fields.put(k, v.getFirst());
            }
        });
        return fields;
    }

    private void ping(Context ctx) {
        if (!ctx.body().isBlank()) {
            try {
                JsonNode body = JSON.readTree(ctx.body());
                LOG.info("homeserver ping received (transaction_id {})", body.path("transaction_id").asString("-"));
            } catch (JacksonException e) {
                MatrixError.send(ctx, 400, "M_NOT_JSON", "Body is not valid JSON");
                return;
            }
        }
        ctx.status(200).contentType("application/json").result(EMPTY_OBJECT);
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
    }
}
