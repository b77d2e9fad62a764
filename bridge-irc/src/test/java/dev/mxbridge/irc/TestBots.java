package dev.mxbridge.irc;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pircbotx.PircBotX;
import org.pircbotx.hooks.ListenerAdapter;
import org.pircbotx.hooks.events.ConnectEvent;

/** Starting bots in integration tests. */
final class TestBots {
    static final Duration WAIT = Duration.ofSeconds(10);

    private TestBots() {
    }

    /** A puppet that is connected and registered. */
    static SafeBot registered(IrcBots bots, String nick) {
        SafeBot bot = bots.puppet(nick);
        bot.start();
        bot.registered().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return bot;
    }

    /**
     * PircBotX as it comes, with only the settings a test needs (no shutdown hook, no delay, no reconnect): the
     * control that shows what the guards prevent.
     */
    static PircBotX unguarded(IrcBots bots, String nick) throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        PircBotX bot = new PircBotX(bots.configure(nick, nick, nick, new ListenerAdapter() {
            @Override
            public void onConnect(ConnectEvent event) {
                connected.countDown();
            }
        }).setBotFactory(new org.pircbotx.Configuration.BotFactory()).buildConfiguration());
        Thread.ofVirtual().start(() -> {
            try {
                bot.startBot();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        if (!connected.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError(nick + " did not connect");
        }
        return bot;
    }
}
