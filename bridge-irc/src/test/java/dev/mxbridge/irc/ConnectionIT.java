package dev.mxbridge.irc;

import static dev.mxbridge.irc.TestBots.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxbridge.testkit.IrcServer;
import dev.mxbridge.testkit.IrcTestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How connections start, negotiate and end against a real server. */
class ConnectionIT {
    @RegisterExtension
    static IrcServer ircd = IrcServer.ngircd();

    private static IrcBots bots(List<String> capabilities) {
        return new IrcBots(IrcNetwork.plain(ircd.host(), ircd.port(), Duration.ZERO).withCapabilities(capabilities));
    }

    @Test
    void capabilitiesAreNegotiatedWhenListed() {
        SafeBot bot = TestBots.registered(bots(List.of("multi-prefix", "away-notify", "no-such-cap")), "capbot");
        assertThat(bot.getEnabledCapabilities()).contains("multi-prefix").doesNotContain("no-such-cap");
        bot.quit("done");
    }

    @Test
    void withoutCapabilitiesThereIsNoCapNegotiation() {
        SafeBot bot = TestBots.registered(bots(List.of()), "nocapbot");
        assertThat(bot.getEnabledCapabilities()).isEmpty();
        bot.quit("done");
    }

    @Test
    void aTakenNickFailsTheRegistrationAndEndsTheConnection() {
        try (IrcTestClient holder = ircd.connect("taken")) {
            SafeBot bot = bots(List.of()).puppet("taken");
            bot.start();
            assertThatThrownBy(() -> bot.registered().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IrcBridgeException.class)
                    .hasMessageContaining(" 433 ");
            bot.finished().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertThat(holder.isConnected()).isTrue();
        }
    }

    @Test
    void anUnreachableServerFailsTheRegistrationWithTheReason() {
        IrcBots nowhere = new IrcBots(IrcNetwork.plain("127.0.0.1", 1, Duration.ZERO));
        SafeBot bot = nowhere.puppet("lonely");
        bot.start();
        assertThatThrownBy(() -> bot.registered().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join())
                .hasCauseInstanceOf(IrcBridgeException.class).hasMessageContaining("Connection refused");
        bot.finished().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Test
    void aStoppedServerEndsTheConnectionWithoutReconnecting() throws InterruptedException {
        SafeBot bot = TestBots.registered(bots(List.of()), "outage");
        ircd.stop();
        try {
            bot.finished().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertThat(bot.isConnected()).isFalse();
        } finally {
            ircd.start();
        }
        assertThatThrownBy(bot::start).isInstanceOf(IllegalStateException.class);
        SafeBot again = TestBots.registered(bots(List.of()), "outage");
        assertThat(again.isConnected()).isTrue();
        again.quit("done");
    }
}
