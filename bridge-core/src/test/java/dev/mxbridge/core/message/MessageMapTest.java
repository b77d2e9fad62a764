package dev.mxbridge.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.store.Database;
import dev.mxbridge.core.store.Sql;
import dev.mxbridge.core.store.StoreException;
import dev.mxbridge.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message map's remote-key filter: a new remote message is answered without the database, a message with a row
 * always reaches it, whether the row was written before the map opened, while it was being filled or while it grew.
 * "Without the database" is shown by moving the table away: a lookup that still went there would fail.
 */
@Timeout(60)
class MessageMapTest {
    private static final RemoteRoomId CHAN = new RemoteRoomId("chan");

    @TempDir
    Path dir;

    private Database open(String name) {
        return Database.open(new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve(name), "sa", "", 4));
    }

    private static MappedMessage row(int n) {
        return new MappedMessage("!room:x", "$e" + n, CHAN, RemoteMessageId.of("m" + n), "@ghost:x");
    }

    private static void moveTableAway(Database db, boolean away) {
        new Sql(db).update(away ? "ALTER TABLE message_map RENAME TO message_map_away"
                : "ALTER TABLE message_map_away RENAME TO message_map");
    }

    @Test
    void rowsWrittenBeforeTheMapOpenedAreFoundAndNewMessagesNeedNoDatabase() {
        try (Database db = open("reopen")) {
            try (MessageMap first = new MessageMap(db)) {
                IntStream.range(0, 100).forEach(n -> first.record(row(n)));
            }
            RemoteKeyFilter filter = new RemoteKeyFilter(db);
            try (MessageMap map = new MessageMap(db, filter)) {
                Await.until("the filter is filled", Duration.ofSeconds(10), filter::ready);
                for (int n = 0; n < 100; n++) {
                    assertThat(map.byRemote("!room:x", CHAN, RemoteMessageId.of("m" + n))).as("row %d", n)
                            .map(MappedMessage::eventId).hasValue("$e" + n);
                }
                moveTableAway(db, true);
                try {
                    assertThat(map.byRemote(CHAN, RemoteMessageId.of("new-message"))).isEmpty();
                    assertThatThrownBy(() -> map.byRemote(CHAN, RemoteMessageId.of("m7")))
                            .as("a message with a row is looked up").isInstanceOf(StoreException.class);
                } finally {
                    moveTableAway(db, false);
                }
            }
        }
    }

    @Test
    void untilTheFilterIsFilledEveryMessageIsLookedUp() {
        try (Database db = open("unfilled")) {
            moveTableAway(db, true);
            RemoteKeyFilter filter = new RemoteKeyFilter(db);
            try (MessageMap map = new MessageMap(db, filter)) {
                assertThat(filter.ready()).isFalse();
                assertThat(filter.mightContain(RemoteKeyFilter.key("chan", "anything", 0))).isTrue();
                assertThatThrownBy(() -> map.byRemote(CHAN, RemoteMessageId.of("new-message")))
                        .isInstanceOf(StoreException.class);
                moveTableAway(db, false);
                Await.until("the filter is filled once the table can be read", Duration.ofSeconds(20), filter::ready);
                assertThat(map.byRemote(CHAN, RemoteMessageId.of("new-message"))).isEmpty();
            }
        }
    }

    @Test
    void noKeyIsLostWhileTheFilterGrowsUnderConcurrentRecords() throws Exception {
        try (Database db = open("grow")) {
            RemoteKeyFilter filter = new RemoteKeyFilter(db, 64);
            try (MessageMap map = new MessageMap(db, filter)) {
                Await.until("the filter is filled", Duration.ofSeconds(10), filter::ready);
                List<Thread> writers = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int offset = t * 5_000;
                    writers.add(Thread.ofVirtual().start(() -> {
                        for (int n = offset; n < offset + 5_000; n++) {
                            map.record(row(n));
                        }
                    }));
                }
                for (Thread t : writers) {
                    t.join();
                }
                Await.until("the filter has grown", Duration.ofSeconds(30), () -> !filter.filling());
                assertThat(filter.capacity()).as("sized for every key added").isGreaterThanOrEqualTo(20_000);
                for (int n = 0; n < 20_000; n++) {
                    assertThat(filter.mightContain(RemoteKeyFilter.key("chan", "m" + n, 0))).as("key %d", n).isTrue();
                }
                long falseMaybes = IntStream.range(0, 20_000)
                        .filter(n -> filter.mightContain(RemoteKeyFilter.key("chan", "other" + n, 0))).count();
                assertThat(falseMaybes).as("false \"maybe\" answers of 20,000 new keys").isLessThan(400); // 2 %: over-full, it says "maybe" more often, never "no" wrongly
            }
        }
    }
}
