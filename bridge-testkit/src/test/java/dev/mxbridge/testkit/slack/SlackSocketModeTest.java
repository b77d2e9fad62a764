package dev.mxbridge.testkit.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.request.EventsApiEnvelope;
import com.slack.api.socket_mode.response.AckResponse;
import dev.mxbridge.testkit.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Socket Mode through the SDK's own client on its Java-WebSocket backend. */
class SlackSocketModeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    // A fake per test: each test counts its own connections and envelopes.
    @RegisterExtension
    FakeSlack slack = FakeSlack.create();

    private final List<EventsApiEnvelope> received = new CopyOnWriteArrayList<>();
    private final Set<String> refuseOnce = ConcurrentHashMap.newKeySet();
    private SocketModeClient client;

    @AfterEach
    void closeClient() throws IOException {
        if (client != null) {
            client.close();
        }
    }

    /** Connects the SDK's client; it acknowledges every envelope except the first of each text in {@link #refuseOnce}. */
    private void connect() throws IOException {
        client = Sdk.slack(slack).socketMode(slack.appToken(), SocketModeClient.Backend.JavaWebSocket);
        client.addEventsApiEnvelopeListener(envelope -> {
            received.add(envelope);
            String text = envelope.getPayload().getAsJsonObject().getAsJsonObject("event").get("text").getAsString();
            if (!refuseOnce.remove(text)) {
                client.sendSocketModeResponse(new AckResponse(envelope.getEnvelopeId()));
            }
        });
        client.connect();
        Await.until("the client to connect", WAIT, () -> slack.socketMode().openConnections() == 1);
    }

    @Test
    void theClientIsGreetedAndReceivesEventsAsEnvelopesItAcknowledges() throws IOException {
        SlackUser kim = slack.addUser("kim");
        SlackChannel room = slack.addChannel("socket", kim, slack.botUser());
        connect();

        SlackMessage message = slack.post(kim, room, "over the socket");

        Await.until("the acknowledgement", WAIT, () -> slack.socketMode().acknowledged().size() == 1);
        EventsApiEnvelope envelope = received.getFirst();
        assertThat(envelope.getType()).isEqualTo("events_api");
        assertThat(envelope.getRetryAttempt()).isZero();
        assertThat(envelope.getAcceptsResponsePayload()).isFalse();
        var payload = envelope.getPayload().getAsJsonObject();
        assertThat(payload.get("type").getAsString()).isEqualTo("event_callback");
        assertThat(payload.getAsJsonObject("event").get("ts").getAsString()).isEqualTo(message.ts());
        assertThat(slack.socketMode().acknowledged()).containsExactly(payload.get("event_id").getAsString());
        assertThat(slack.socketMode().received().getFirst()).contains(envelope.getEnvelopeId());
        assertThat(slack.calls("apps.connections.open")).hasSize(1);
    }

    @Test
    void eventsPublishedWhileNoClientIsConnectedWaitForOne() throws IOException {
        SlackUser lee = slack.addUser("lee");
        SlackChannel room = slack.addChannel("queued", lee, slack.botUser());
        slack.post(lee, room, "early one");
        slack.post(lee, room, "early two");
        assertThat(slack.socketMode().unacknowledged()).isEqualTo(2);

        connect();

        Await.until("both acknowledged", WAIT, () -> slack.socketMode().acknowledged().size() == 2);
        assertThat(received).extracting(e -> e.getPayload().getAsJsonObject().getAsJsonObject("event").get("text").getAsString())
                .containsExactly("early one", "early two");
    }

    @Test
    void anEnvelopeNotAcknowledgedInTimeIsSentAgainWithTheNextRetryAttempt() throws IOException {
        slack.socketMode().ackTimeout(Duration.ofMillis(300));
        SlackUser max = slack.addUser("max");
        SlackChannel room = slack.addChannel("slow", max, slack.botUser());
        connect();
        refuseOnce.add("ack me later");

        slack.post(max, room, "ack me later");

        Await.until("the redelivery to be acknowledged", WAIT, () -> slack.socketMode().acknowledged().size() == 1);
        List<SocketEnvelope> sent = slack.socketMode().sent();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).eventId()).isEqualTo(sent.get(0).eventId());
        assertThat(sent.get(1).envelopeId()).isNotEqualTo(sent.get(0).envelopeId());
        assertThat(sent.get(1).retryAttempt()).isEqualTo(1);
        assertThat(sent.get(1).retryReason()).isEqualTo("timeout");
        assertThat(received.get(1).getRetryAttempt()).isEqualTo(1);
        assertThat(received.get(1).getRetryReason()).isEqualTo("timeout");
    }

    @Test
    void aDroppedSocketLosesNothingTheClientReconnectsAndGetsTheUnacknowledgedEnvelope() throws IOException {
        SlackUser nia = slack.addUser("nia");
        SlackChannel room = slack.addChannel("dropped", nia, slack.botUser());
        connect();
        refuseOnce.add("in flight");
        slack.post(nia, room, "in flight");
        Await.until("the envelope to arrive", WAIT, () -> received.size() == 1);

        slack.socketMode().drop();

        Await.until("a second connection", WAIT, () -> slack.socketMode().connectionsOpened() == 2);
        Await.until("the redelivery to be acknowledged", WAIT, () -> slack.socketMode().acknowledged().size() == 1);
        SocketEnvelope again = slack.socketMode().sent().getLast();
        assertThat(again.connection()).isEqualTo(2);
        assertThat(again.retryAttempt()).isEqualTo(1);
        slack.post(nia, room, "after the drop");
        Await.until("the next event", WAIT, () -> slack.socketMode().acknowledged().size() == 2);
        assertThat(slack.socketMode().unacknowledged()).isZero();
    }

    @Test
    void aDisconnectRequestMakesTheClientOpenANewConnection() throws IOException {
        SlackUser ola = slack.addUser("ola");
        SlackChannel room = slack.addChannel("refresh", ola, slack.botUser());
        connect();

        slack.socketMode().disconnect("refresh_requested");

        Await.until("a new connection replacing the old", WAIT,
                () -> slack.socketMode().connectionsOpened() == 2 && slack.socketMode().openConnections() == 1);
        slack.post(ola, room, "on the new connection");
        Await.until("the acknowledgement", WAIT, () -> slack.socketMode().acknowledged().size() == 1);
        assertThat(slack.socketMode().sent().getLast().connection()).isEqualTo(2);
        assertThat(slack.calls("apps.connections.open")).hasSize(2);
    }

    @Test
    void anEventNeverAcknowledgedIsGivenUpAfterThreeRetries() throws IOException {
        slack.socketMode().ackTimeout(Duration.ofMillis(200));
        SlackUser pat = slack.addUser("pat");
        SlackChannel room = slack.addChannel("ignored", pat, slack.botUser());
        client = Sdk.slack(slack).socketMode(slack.appToken(), SocketModeClient.Backend.JavaWebSocket);
        client.addEventsApiEnvelopeListener(received::add);
        client.connect();
        Await.until("the client to connect", WAIT, () -> slack.socketMode().openConnections() == 1);

        slack.post(pat, room, "nobody listens");

        Await.until("the event to be given up", WAIT, () -> slack.socketMode().givenUp().size() == 1);
        assertThat(slack.socketMode().sent()).extracting(SocketEnvelope::retryAttempt).containsExactly(0, 1, 2, 3);
        assertThat(slack.socketMode().unacknowledged()).isZero();
    }

    @Test
    void aConnectionWithoutAFreshTicketIsClosedWithoutHello() throws Exception {
        String url = Sdk.slack(slack).methods(slack.appToken()).appsConnectionsOpen(r -> r).getUrl();
        RawSocket first = RawSocket.open(url);
        RawSocket reused = RawSocket.open(url);
        RawSocket forged = RawSocket.open(url.replaceAll("ticket=[^&]+", "ticket=forged"));

        assertThat(url).startsWith("ws://127.0.0.1:" + slack.port() + "/link/?ticket=");
        assertThat(first.awaitText()).contains("\"type\":\"hello\"");
        assertThat(reused.awaitClose()).isEqualTo(1008);
        assertThat(forged.awaitClose()).isEqualTo(1008);
        assertThat(slack.socketMode().connectionsOpened()).isEqualTo(1);
        first.close();
    }
}
