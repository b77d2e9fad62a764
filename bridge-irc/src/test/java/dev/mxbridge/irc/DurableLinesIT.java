package dev.mxbridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.testkit.BridgeProcess;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IRC lines read while the homeserver is down are stored in the remote inbox: the bridge process is killed with
 * SIGKILL and restarted while Synapse is still down, more lines arrive, Synapse starts, and every line reaches Matrix
 * once, in order.
 */
class DurableLinesIT {
    static final Path DIR = BridgeItSupport.dir("durable-lines");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PUPPET = "Olga[m]";
    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final IrcServer ircd = IrcServer.ngircd();

    @RegisterExtension
    static final BridgeUnderTest<BridgeProcess> it = BridgeUnderTest.<BridgeProcess>builder("irc", DIR, hs).server(ircd)
            .network(() -> BridgeItSupport.networkYaml(hs.baseUrl(), ircd.host(), ircd.port(), ""))
            .start(BridgeProcess.main(IrcBridge.class, config -> List.of("run", "-c", config.toString())));

    /** The bridge's count of remote events stored, from its /metrics. */
    private static double stored() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + it.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(l -> l.startsWith("mxbridge_remote_events_total{") && l.contains("result=\"stored\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static List<String> fromCarol(TestUser olga, String room) {
        return olga.messages(room, 500).stream()
                .filter(e -> e.path("sender").asString().equals("@_irc_carol:localhost")
                        && e.path("type").asString().equals("m.room.message"))
                .map(e -> e.path("content").path("body").asString()).toList();
    }

    @Test
    void linesReadWhileTheHomeserverIsDownSurviveAKillAndArriveOnceInOrder() throws Exception {
        TestUser olga = it.user("Olga");
        String room = olga.join("#_irc_#durable:localhost");
        try (IrcTestClient carol = ircd.connect("carol")) {
            carol.join("#durable");
            BridgeItSupport.await("the bridge bot and Olga's puppet in #durable", WAIT,
                    () -> carol.names("#durable", WAIT).containsAll(List.of("mxbridge", PUPPET)));
            carol.message("#durable", "before");
            olga.awaitEvent(room, e -> e.path("content").path("body").asString().equals("before"), WAIT);

            hs.stop();
            double before = stored();
            for (int i = 0; i < 40; i++) {
                carol.message("#durable", "line " + i);
            }
            BridgeItSupport.await("40 lines stored", WAIT, () -> stored() >= before + 40);
            it.bridge().kill(); // SIGKILL, Synapse still down
            it.stop();
            it.start();
            BridgeItSupport.await("the bridge bot and Olga's puppet back in #durable", WAIT,
                    () -> carol.names("#durable", WAIT).containsAll(List.of("mxbridge", PUPPET)));
            for (int i = 40; i < 60; i++) {
                carol.message("#durable", "line " + i);
            }
            BridgeItSupport.await("20 more lines stored", WAIT, () -> stored() >= 20);
            hs.start();
            BridgeItSupport.await("every line in Matrix", Duration.ofMinutes(3), () -> fromCarol(olga, room).size() >= 61);
            carol.message("#durable", "marker");
            olga.awaitEvent(room, e -> e.path("content").path("body").asString().equals("marker"), WAIT);
        }
        List<String> expected = IntStream.range(0, 60).mapToObj(i -> "line " + i).toList();
        assertThat(fromCarol(olga, room)).as("each once, in order")
                .containsExactlyElementsOf(java.util.stream.Stream.of(List.of("before"), expected, List.of("marker"))
                        .flatMap(List::stream).toList());
    }
}
