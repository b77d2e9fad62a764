package dev.mxbridge.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.Bridge;
import dev.mxbridge.testkit.BridgeUnderTest;
import dev.mxbridge.testkit.Homeserver;
import dev.mxbridge.testkit.TestUser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events that reached a bridged room while the bridge could not receive transactions, and that the homeserver then
 * never delivered (its queued transactions deleted from its database, as a homeserver bug or a restored backup
 * would lose them), are found in the room's timeline when the bridge starts and bridged once, in order, before
 * what follows.
 */
class TimelineRepairIT {
    static final Path DIR = ItSupport.dir("timeline-repair");
    static final Homeserver hs = Homeserver.synapse().registration(DIR.resolve("registration.yaml")).build();
    static final ExampleChat chat = new ExampleChat();

    @RegisterExtension
    static final BridgeUnderTest<Bridge> bridge = ItSupport.bridge(DIR, hs, new ExampleNetwork(chat));

    @Test
    void eventsTheHomeserverNeverDeliversAreRepairedFromTheTimelineOnceAndInOrder() throws Exception {
        TestUser alice = hs.registerUser();
        chat.createRoom("repair", "Repair");
        String portal = alice.join("#_example_repair:localhost");
        alice.sendText(portal, "before");
        ItSupport.await("'before' posted", Duration.ofSeconds(30), () -> posted().contains("before"));
        bridge.stop();

        List<String> lost = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            lost.add(alice.sendText(portal, "lost " + i));
        }
        ItSupport.await("the homeserver to queue the five events for the bridge", Duration.ofSeconds(30),
                () -> queuedForTheBridge().containsAll(lost));
        hs.stop();
        deleteQueuedTransactions();
        hs.start();
        assertThat(queuedForTheBridge()).as("the homeserver will never send them").isEmpty();

        bridge.start(); // the same database and port
        alice.sendText(portal, "after");
        ItSupport.await("'after' posted", Duration.ofSeconds(60), () -> posted().contains("after"));
        assertThat(posted()).as("each once, in the room's order")
                .containsExactly("before", "lost 1", "lost 2", "lost 3", "lost 4", "lost 5", "after");
        // "after" may be found in the timeline too, when its transaction is slower than the repair.
        assertThat(bridge.bridge().metrics().find("mxbridge_events_recovered").counter().count()).isBetween(5.0, 6.0);
    }

    /** What the network got from Alice, without the relay's name prefix. */
    private List<String> posted() {
        return chat.posts("repair").stream().map(p -> p.text().replaceFirst("^<[^>]*> ", "")).toList();
    }

    /** The event ids in the homeserver's queue of unsent transactions for the bridge. */
    private List<String> queuedForTheBridge() {
        String out = sqlite("import json,sqlite3,sys\n"
                + "c=sqlite3.connect(sys.argv[1])\n"
                + "for (ids,) in c.execute(\"SELECT event_ids FROM application_services_txns WHERE as_id='example'\"):\n"
                + "    print('\\n'.join(json.loads(ids)))\n");
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private void deleteQueuedTransactions() {
        sqlite("import sqlite3,sys\n"
                + "c=sqlite3.connect(sys.argv[1])\n"
                + "c.execute(\"DELETE FROM application_services_txns WHERE as_id='example'\")\n"
                + "c.commit()\n");
    }

    private String sqlite(String script) {
        try {
            Process p = new ProcessBuilder("python3", "-c", script, hs.instanceDir().resolve("homeserver.db").toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("python3 sqlite3 failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
