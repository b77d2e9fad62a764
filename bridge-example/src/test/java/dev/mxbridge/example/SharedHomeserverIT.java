package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.AppServiceReceiver;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deployment operators have: another application service on the same homeserver (Synapse, and Dendrite in a
 * second run), busy in the bridge's rooms and in others. Synapse numbers both services' transactions from one
 * sequence, so the bridge sees ids that skip; before issue 18 it refused each such transaction for two minutes, and
 * Matrix → remote stalled.
 */
class SharedHomeserverIT {
    static final Path DIR = ItSupport.dir("shared-homeserver");
    static final AppServiceReceiver other = AppServiceReceiver.start("other", DIR.resolve("other-registration.yaml"));
    static final Homeserver hs = Homeserver.configured().registration(DIR.resolve("registration.yaml"))
            .registration(other.registrationFile()).build();
    static final ExampleChat chat = new ExampleChat();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> bridge = ItSupport.bridge(DIR, hs, new ExampleNetwork(chat));

    @AfterAll
    static void stop() {
        other.close();
    }

    @Test
    void aBusyOtherApplicationServiceNeitherStallsNorDelaysMatrixToRemote() throws Exception {
        TestUser alice = hs.registerUser();
        TestUser bob = hs.registerUser();
        chat.createRoom("busy", "Busy");
        String portal = alice.join("#_example_busy:localhost");
        bob.join(portal);
        String elsewhere = bob.createRoom();

        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            // Transactions for the other service only (a room without our users), then one both get.
            for (int j = 0; j < 3; j++) {
                bob.sendText(elsewhere, "elsewhere " + i + "." + j);
            }
            bob.sendText(portal, "bob " + i);
            String text = "m" + i;
            long sent = System.nanoTime();
            alice.sendText(portal, text);
            ItSupport.await(text + " posted on the network", Duration.ofSeconds(30),
                    () -> chat.posts("busy").stream().anyMatch(p -> p.text().endsWith(" " + text)));
            latencies.add((System.nanoTime() - sent) / 1_000_000);
        }

        System.out.println("SharedHomeserverIT: Matrix -> network latency with another appservice busy, ms: " + latencies
                + "; the other appservice got " + other.transactions() + " transactions");
        int otherTransactions = other.transactions();
        assertThat(otherTransactions).as("the other service was busy").isGreaterThanOrEqualTo(15);
        Counter gaps = bridge.bridge().metrics().find("mxbridge_transaction_id_gaps").counter();
        assertThat(gaps).isNotNull();
        if (hs.implementation() == Homeserver.Implementation.SYNAPSE) {
            // Dendrite's transaction ids are the times its queue took the events, in nanoseconds: 19 digits, which
            // the metric does not count; only Synapse's shared sequence makes our ids skip.
            assertThat(gaps.count()).as("our transaction ids skipped the other service's").isGreaterThan(0);
        }
        assertThat(latencies).as("Matrix -> remote latency in ms with the other service busy")
                .allSatisfy(ms -> assertThat(ms).isLessThan(3_000));
        assertThat(chat.posts("busy").stream().map(ExampleChat.Post::text).filter(t -> t.matches(".* m\\d+"))
                .map(t -> t.substring(t.lastIndexOf(' ') + 1)).toList()).as("each once, in order")
                .containsExactlyElementsOf(IntStream.range(0, 15).mapToObj(i -> "m" + i).toList());
    }
}
