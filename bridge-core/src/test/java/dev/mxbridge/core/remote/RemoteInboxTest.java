package dev.mxbridge.core.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.RemoteEvent;
import dev.mxbridge.core.network.RemoteMessageId;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery keys are recognised from memory while the bridge runs and from the store after a restart. */
class RemoteInboxTest {
    @TempDir
    Path dir;

    private static RemoteEvent message(String id) {
        return new RemoteEvent.Message(new RemoteRoomId("lobby"), new RemoteUserId("bob"), Optional.of("Bob"),
                RemoteMessageId.of(id), Instant.now(), MessageContent.Text.of("hello " + id), Optional.empty());
    }

    @Test
    void aRedeliveredKeyIsDroppedWhileRunningAndAfterARestartButNotPastTheRetention() throws Exception {
        BridgeConfig.Database config = new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("inbox").toAbsolutePath(),
                "sa", "", 2);
        List<Long> handed = new ArrayList<>();
        try (Database db = Database.open(config)) {
            RemoteInbox inbox = new RemoteInbox(db, Duration.ofDays(1));
            assertThat(inbox.append(message("1"), Optional.of("env-1"), s -> handed.add(s.seq()))
                    .get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(inbox.append(message("1"), Optional.of("env-1"), s -> handed.add(s.seq()))
                    .get(5, TimeUnit.SECONDS)).as("redelivered while running").isFalse();
            assertThat(inbox.append(message("2"), Optional.empty(), s -> handed.add(s.seq()))
                    .get(5, TimeUnit.SECONDS)).as("no key: always new").isTrue();
            db.groupCommit().flush();
        }
        assertThat(handed).hasSize(2);
        try (Database db = Database.open(config)) {
            RemoteInbox reopened = new RemoteInbox(db, Duration.ofDays(1));
            assertThat(reopened.append(message("1"), Optional.of("env-1"), s -> handed.add(s.seq()))
                    .get(5, TimeUnit.SECONDS)).as("redelivered after a restart").isFalse();
            assertThat(reopened.append(message("3"), Optional.of("env-3"), s -> handed.add(s.seq()))
                    .get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(reopened.unfinished()).extracting(s -> ((RemoteEvent.Message) s.event()).id().value())
                    .as("nothing was bridged: all three wait, in push order").containsExactly("1", "2", "3");
            db.groupCommit().flush();
        }
        Thread.sleep(20);
        try (Database db = Database.open(config)) {
            RemoteInbox forgetful = new RemoteInbox(db, Duration.ofMillis(10));
            assertThat(forgetful.append(message("1"), Optional.of("env-1"), s -> { })
                    .get(5, TimeUnit.SECONDS)).as("past the retention").isTrue();
        }
    }
}
