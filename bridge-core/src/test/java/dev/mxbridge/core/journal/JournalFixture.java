package dev.mxbridge.core.journal;

import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.store.Database;
import java.nio.file.Path;
import java.time.Duration;

/** An H2 database in a folder of the test's, and journal settings with short back-offs. */
public final class JournalFixture {
    private JournalFixture() {
    }

    public static Database h2(Path dir) {
        return Database.open(new BridgeConfig.Database("jdbc:h2:file:" + dir.resolve("bridge").toAbsolutePath(), "sa", "", 4));
    }

    public static BridgeConfig.Journal fastRetries(int maxAttempts) {
        return new BridgeConfig.Journal(maxAttempts, Duration.ofMillis(5), Duration.ofMillis(20), 10_000, Duration.ofDays(7), Duration.ofDays(2),
                BridgeConfig.Repair.off());
    }
}
