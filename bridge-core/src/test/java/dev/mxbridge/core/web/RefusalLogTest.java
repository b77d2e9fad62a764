package dev.mxbridge.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.mxbridge.testkit.LogRecorder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A flood of refused requests makes one log line, then a count per period, not a line each. */
class RefusalLogTest {
    private static final Logger LOGGER = LoggerFactory.getLogger(RefusalLogTest.class);
    private final LogRecorder log = LogRecorder.of(RefusalLogTest.class);

    @AfterEach
    void detach() {
        log.close();
    }

    @Test
    void theFirstRefusalIsLoggedAndTheRestAreCountedOncePerPeriod() throws Exception {
        RefusalLog refusals = new RefusalLog(LOGGER, "Hook request", Duration.ofMillis(300));
        for (int i = 0; i < 1000; i++) {
            refusals.refused("192.0.2." + (i % 200), "bad signature");
        }
        assertThat(log.events()).hasSize(1);
        assertThat(log.events().getFirst().getFormattedMessage()).startsWith("Hook request from 192.0.2.0 refused: bad signature");

        for (int i = 0; i < 200 && log.events().size() < 2; i++) {
            Thread.sleep(10);
        }
        assertThat(log.events()).hasSize(2);
        assertThat(log.events().get(1).getFormattedMessage()).isEqualTo(
                "Hook request: 999 more refused since the last report (the last from 192.0.2.199: bad signature)");
    }

    @Test
    void aRefusalAfterAQuietPeriodIsLoggedOnItsOwn() throws Exception {
        RefusalLog refusals = new RefusalLog(LOGGER, "Hook request", Duration.ofMillis(50));
        refusals.refused("192.0.2.1", "unsigned");
        Thread.sleep(60); // longer than the period, with nothing counted: the next refusal is news again
        refusals.refused("192.0.2.2", "unsigned");
        assertThat(log.events()).extracting(ILoggingEvent::getFormattedMessage).hasSize(2)
                .allMatch(line -> line.contains(" refused: unsigned"));
    }
}
