package dev.mxbridge.testkit.slack;

import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsMessageContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake's Socket Mode endpoint and its test hooks. {@code apps.connections.open} hands out a one-use
 * {@code ws://127.0.0.1:PORT/link/?ticket=…} URL; a client that connects with it gets {@code hello}, then every event as
 * an {@code events_api} envelope, which it acknowledges by sending back {@code {"envelope_id":"…"}}. An envelope not
 * acknowledged within {@link #ackTimeout(Duration) the ack timeout} (3 s by default), or whose connection closes first,
 * is sent again in a new envelope with {@code retry_attempt} one higher and {@code retry_reason} {@code timeout}, on
 * the newest open connection or the next one to open; after {@link #maxRetries(int) 3 retries} it is given up, as
 * Slack does. Events published while no client is connected wait for one.
 *
 * <p>Threading: thread-safe; the state is guarded by this object's monitor, which is never held while waiting.
 */
public final class FakeSocketMode {
    private final ScheduledExecutorService scheduler;
    private final String appId;
    private final Set<String> tickets = new LinkedHashSet<>();
    private final Map<String, Connection> open = new LinkedHashMap<>();
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private final Map<String, InFlight> inFlight = new LinkedHashMap<>();
    private final List<SocketEnvelope> sent = new ArrayList<>();
    private final List<String> acknowledged = new ArrayList<>();
    private final List<String> givenUp = new ArrayList<>();
    private final List<String> received = new ArrayList<>();
    private int connectionsOpened;
    private Duration ackTimeout = Duration.ofSeconds(3);
    private int maxRetries = 3;

    FakeSocketMode(ScheduledExecutorService scheduler, String appId) {
        this.scheduler = scheduler;
        this.appId = appId;
    }

    /** How long an envelope may go unacknowledged before it is sent again; 3 s by default. */
    public synchronized FakeSocketMode ackTimeout(Duration timeout) {
        this.ackTimeout = timeout;
        return this;
    }

    /** How often an event is sent again before it is given up; 3 by default, as Slack does. */
    public synchronized FakeSocketMode maxRetries(int retries) {
        this.maxRetries = retries;
        return this;
    }

    /** Connections opened so far, closed ones included. */
    public synchronized int connectionsOpened() {
        return connectionsOpened;
    }

    /** Connections open now. */
    public synchronized int openConnections() {
        return open.size();
    }

    /**
     * Sends {@code {"type":"disconnect","reason":…}} on every open connection, as Slack does before it recycles one
     * ({@code refresh_requested}), shortly before it closes one ({@code warning}) or when Socket Mode was turned off
     * ({@code link_disabled}). The connection stays open until the client closes it.
     */
    public synchronized void disconnect(String reason) {
        ObjectNode message = Json.object().put("type", "disconnect").put("reason", reason);
        message.putObject("debug_info").put("host", "fake-slack");
        String text = Json.write(message);
        open.values().forEach(c -> c.send(text));
    }

    /** Drops every open connection without a close frame, as a network failure would; unacknowledged envelopes are sent again. */
    public synchronized void drop() {
        for (Connection c : List.copyOf(open.values())) {
            closed(c.sessionId);
            c.session.disconnect();
        }
    }

    /** Every envelope sent, first attempts and redeliveries, in order. */
    public synchronized List<SocketEnvelope> sent() {
        return List.copyOf(sent);
    }

    /** The event ids acknowledged, in the order the acknowledgements arrived. */
    public synchronized List<String> acknowledged() {
        return List.copyOf(acknowledged);
    }

    /** The event ids given up after the last retry went unacknowledged. */
    public synchronized List<String> givenUp() {
        return List.copyOf(givenUp);
    }

    /** Events waiting for a connection or for their acknowledgement. */
    public synchronized int unacknowledged() {
        return waiting.size() + inFlight.size();
    }

    /** Every text message clients sent: acknowledgements, and anything else. */
    public synchronized List<String> received() {
        return List.copyOf(received);
    }

    // ---- wiring, called by the fake's server and event hub

    synchronized String issueUrl(String wsBase) {
        String ticket = UUID.randomUUID().toString();
        tickets.add(ticket);
        return wsBase + "link/?ticket=" + ticket + "&app_id=" + appId;
    }

    synchronized void deliver(ObjectNode payload) {
        waiting.addLast(new Pending(payload, payload.path("event_id").asString()));
        pump();
    }

    void onConnect(WsConnectContext ctx) {
        ctx.session.setIdleTimeout(Duration.ofMinutes(10));
        synchronized (this) {
            if (!tickets.remove(String.valueOf(ctx.queryParam("ticket")))) {
                ctx.closeSession(1008, "invalid_ticket");
                return;
            }
            Connection c = new Connection(++connectionsOpened, ctx.sessionId(), ctx.session);
            open.put(c.sessionId, c);
            ObjectNode hello = Json.object().put("type", "hello").put("num_connections", open.size());
            hello.putObject("debug_info").put("host", "fake-slack").put("build_number", 1)
                    .put("approximate_connection_time", 18060);
            hello.putObject("connection_info").put("app_id", appId);
            c.send(Json.write(hello));
            pump();
        }
    }

    synchronized void onMessage(WsMessageContext ctx) {
        received.add(ctx.message());
        JsonNode message;
        try {
            message = Json.parse(ctx.message());
        } catch (RuntimeException notJson) {
            return;
        }
        InFlight acked = inFlight.remove(message.path("envelope_id").asString(""));
        if (acked != null) {
            acked.timeout.cancel(false);
            acknowledged.add(acked.pending.eventId);
        }
    }

    void onClose(WsCloseContext ctx) {
        closed(ctx.sessionId());
    }

    private synchronized void closed(String sessionId) {
        if (open.remove(sessionId) == null) {
            return;
        }
        List<Map.Entry<String, InFlight>> lost = inFlight.entrySet().stream()
                .filter(e -> e.getValue().sessionId.equals(sessionId)).toList();
        for (Map.Entry<String, InFlight> e : lost.reversed()) {
            inFlight.remove(e.getKey());
            e.getValue().timeout.cancel(false);
            requeue(e.getValue().pending);
        }
        pump();
    }

    private synchronized void timedOut(String envelopeId) {
        InFlight late = inFlight.remove(envelopeId);
        if (late != null) {
            requeue(late.pending);
            pump();
        }
    }

    private void requeue(Pending pending) {
        pending.reason = "timeout";
        waiting.addFirst(pending);
    }

    private void pump() {
        while (!waiting.isEmpty() && !open.isEmpty()) {
            Connection c = open.values().stream().reduce((first, second) -> second).orElseThrow();
            Pending p = waiting.pollFirst();
            if (p.attempts > maxRetries) {
                givenUp.add(p.eventId);
                continue;
            }
            String envelopeId = UUID.randomUUID().toString();
            ObjectNode envelope = Json.object().put("envelope_id", envelopeId);
            envelope.set("payload", p.payload);
            envelope.put("type", "events_api").put("accepts_response_payload", false)
                    .put("retry_attempt", p.attempts).put("retry_reason", p.reason);
            sent.add(new SocketEnvelope(envelopeId, p.eventId, p.attempts, p.reason, c.number, Instant.now()));
            p.attempts++;
            ScheduledFuture<?> timeout = scheduler.schedule(() -> timedOut(envelopeId), ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            inFlight.put(envelopeId, new InFlight(p, c.sessionId, timeout));
            c.send(Json.write(envelope));
        }
    }

    private static final class Pending {
        final ObjectNode payload;
        final String eventId;
        int attempts;
        String reason = "";

        Pending(ObjectNode payload, String eventId) {
            this.payload = payload;
            this.eventId = eventId;
        }
    }

    private record InFlight(Pending pending, String sessionId, ScheduledFuture<?> timeout) {
    }

    private record Connection(int number, String sessionId, Session session) {
        void send(String text) {
            session.sendText(text, Callback.NOOP);
        }
    }
}
