package dev.mxbridge.irc;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.pircbotx.Configuration;
import org.pircbotx.InputParser;
import org.pircbotx.PircBotX;
import org.pircbotx.UserChannelDao;
import org.pircbotx.hooks.CoreHooks;
import org.pircbotx.hooks.Listener;
import org.pircbotx.hooks.ListenerAdapter;
import org.pircbotx.hooks.events.ServerPingEvent;
import org.pircbotx.hooks.events.SocketConnectEvent;
import org.pircbotx.hooks.events.VersionEvent;
import org.pircbotx.output.OutputRaw;

/**
 * Builds PircBotX connections to one network the way the bridge needs them, above all for puppets, of which there
 * may be thousands:
 * <ul>
 *   <li>{@link SafeBot}s, so no text can become a second command;</li>
 *   <li>no JVM shutdown hook per bot (the bridge quits its connections itself);</li>
 *   <li>no channel-state snapshot on disconnect ({@code snapshotsEnabled}: 100 quits in a 1,000-member channel took
 *       27 s with it) and no {@code WHO} on join (membership comes from the bridge bot's connection);</li>
 *   <li>the network's message delay instead of PircBotX's fixed second, and no PircBotX line splitting (it counts
 *       characters and ignores the prefix; {@link SafeBot#sendMessage} splits instead);</li>
 *   <li>lines with passwords ({@code PASS}, {@code AUTHENTICATE}, NickServ {@code IDENTIFY}) are not logged
 *       ({@link SecretLines});</li>
 *   <li>no auto-reconnect: the bridge owns reconnection, back-off and pacing;</li>
 *   <li>no PircBotX CAP negotiation: {@link SafeBot} negotiates the network's capabilities ({@code CAP LS 302})
 *       and SASL itself ({@link CapNegotiation}), starting when the socket is up;</li>
 *   <li>listeners run in order on the bot's own virtual thread ({@link InlineListeners}); the only built-in ones
 *       answer the server's {@code PING} at once (not behind the message delay) and CTCP {@code VERSION};</li>
 *   <li>puppets ({@link #configurePuppet}) keep no state about other users: PircBotX sees only the lines about the
 *       puppet itself ({@link PuppetLines}) and keeps only its own user and channels ({@link OwnStateDao}), while
 *       the bridge bot ({@link #configure}) keeps PircBotX's full tracking.</li>
 * </ul>
 */
final class IrcBots {
    static final String VERSION = "mxbridge IRC bridge";

    private final IrcNetwork network;
    private final IrcMetrics metrics;

    IrcBots(IrcNetwork network) {
        this(network, null);
    }

    /** With the bridge's meters: each bot counts its lines as the bridge bot's or a puppet's. */
    IrcBots(IrcNetwork network, IrcMetrics metrics) {
        this.network = network;
        this.metrics = metrics;
    }

    IrcNetwork network() {
        return network;
    }

    /**
     * The configuration of a connection with the given nick, user name and real name (all cleaned; nick and user
     * must be single words), with the listeners added; callers may change it further before {@link #create}.
     */
    Configuration.Builder configure(String nick, String user, String realName, Listener... listeners) {
        return configure(false, nick, user, realName, listeners);
    }

    /** Like {@link #configure}, for a puppet: PircBotX keeps no state about other users. */
    Configuration.Builder configurePuppet(String nick, String user, String realName, Listener... listeners) {
        return configure(true, nick, user, realName, listeners);
    }

    private Configuration.Builder configure(boolean puppet, String nick, String user, String realName,
                                            Listener... listeners) {
        Configuration.Builder builder = new Configuration.Builder()
                .setName(IrcText.word(nick))
                .setLogin(IrcText.word(user))
                .setRealName(IrcText.clean(realName))
                .setVersion(VERSION)
                .addServer(network.host(), network.port())
                .setSocketFactory(network.tls() ? SSLSocketFactory.getDefault() : SocketFactory.getDefault())
                .setEncoding(StandardCharsets.UTF_8)
                .setLocale(Locale.ROOT)
                .setAutoReconnect(false)
                .setShutdownHookEnabled(false)
                .setSnapshotsEnabled(false)
                .setOnJoinWhoEnabled(false)
                .setAutoSplitMessage(false)
                .setAutoNickChange(false)
                .setMessageDelay(network.messageDelay().toMillis())
                .setCapEnabled(false)
                .setBotFactory(puppet ? PUPPETS : BRIDGE_BOT);
        network.password().ifPresent(password -> builder.setServerPassword(IrcText.clean(password)));
        builder.getCapHandlers().clear();
        InlineListeners manager = new InlineListeners();
        builder.setListenerManager(manager);
        manager.getListeners().stream().filter(CoreHooks.class::isInstance).forEach(manager::removeListener);
        manager.addListener(new Essentials());
        for (Listener listener : listeners) {
            manager.addListener(listener);
        }
        return builder;
    }

    /** A puppet: user name ({@link IrcNames#userName}) and real name from the nick. */
    SafeBot puppet(String nick, Listener... listeners) {
        return create(configurePuppet(nick, IrcNames.userName(nick), nick, listeners));
    }

    /**
     * The bot for a finished configuration, negotiating the network's capabilities; {@link SafeBot#start()}
     * connects it.
     */
    SafeBot create(Configuration.Builder builder) {
        return create(builder, network.capabilities(), Optional.empty());
    }

    /** The bot for a finished configuration, negotiating these capabilities and SASL PLAIN with the credentials. */
    SafeBot create(Configuration.Builder builder, List<String> capabilities, Optional<CapNegotiation.SaslPlain> sasl) {
        SafeBot bot = new SafeBot(builder.buildConfiguration());
        bot.negotiate(capabilities, sasl);
        if (metrics != null) {
            bot.metered(builder.getBotFactory() == PUPPETS ? metrics.puppet() : metrics.bot());
        }
        return bot;
    }

    /** What every connection needs of PircBotX's core hooks, and no more. */
    private static final class Essentials extends ListenerAdapter {
        @Override
        public void onSocketConnect(SocketConnectEvent event) {
            if (event.getBot() instanceof SafeBot bot) {
                bot.beginNegotiation(); // before PircBotX sends NICK and USER
            }
        }

        @Override
        public void onServerPing(ServerPingEvent event) {
            // Straight out, not behind the message delay: a slow flood policy must not cost the connection.
            event.getBot().sendRaw().rawLineNow("PONG :" + event.getResponse());
        }

        @Override
        public void onVersion(VersionEvent event) {
            event.getUser().send().ctcpResponse("VERSION " + VERSION);
        }
    }

    private static final Factory BRIDGE_BOT = new Factory(false);
    private static final Factory PUPPETS = new Factory(true);

    /**
     * Makes PircBotX parse input with {@link SafeBot.Parser}, which shows the bot each line first; for puppets
     * ({@code ownStateOnly}) with the parser's filter and an {@link OwnStateDao}.
     */
    private static final class Factory extends Configuration.BotFactory {
        private final boolean ownStateOnly;

        Factory(boolean ownStateOnly) {
            this.ownStateOnly = ownStateOnly;
        }

        @Override
        public InputParser createInputParser(PircBotX bot) {
            return bot instanceof SafeBot safe ? new SafeBot.Parser(safe, ownStateOnly) : super.createInputParser(bot);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public UserChannelDao createUserChannelDao(PircBotX bot) {
            return ownStateOnly ? new OwnStateDao(bot, this) : super.createUserChannelDao(bot);
        }

        @Override
        public OutputRaw createOutputRaw(PircBotX bot) {
            return new SecretLines(bot);
        }
    }
}
