package dev.mxbridge.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Debug logging describes calls and never reveals the as_token. */
class LoggingTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(Transport.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previous;

    @BeforeEach
    void attach() {
        previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
    }

    @Test
    void callsAreLoggedAtDebugWithoutTheToken() {
        try (FakeHomeserver hs = FakeHomeserver.start();
             MatrixClient client = MatrixClient.create(Fixtures.config(hs.uri()))) {
            hs.enqueue(FakeResponse.error(503, "M_UNKNOWN", "busy"), FakeResponse.ok("{\"user_id\":\"@bridgebot:example.org\"}"),
                    FakeResponse.error(401, "M_UNKNOWN_TOKEN", "Unknown token"));

            client.bot().whoami();
            assertThatThrownBy(() -> client.bot().whoami())
                    .isInstanceOfSatisfying(MatrixException.class,
                            e -> assertThat(e.getMessage()).doesNotContain(Fixtures.TOKEN));
        }

        assertThat(appender.list).isNotEmpty();
        assertThat(appender.list).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(event.getFormattedMessage()).doesNotContain(Fixtures.TOKEN);
        });
        assertThat(appender.list).anySatisfy(event ->
                assertThat(event.getFormattedMessage()).contains("GET /_matrix/client/v3/account/whoami")
                        .containsPattern("-> (503|timeout)")); // a loaded machine may time out the cold first call
    }
}
