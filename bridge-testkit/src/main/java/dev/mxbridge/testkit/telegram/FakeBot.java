package dev.mxbridge.testkit.telegram;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A bot account on the fake: its token opens {@code /bot<token>/...}. The settings are BotFather's: privacy mode
 * ({@code can_read_all_group_messages} false, the default), joining groups, business mode.
 */
public final class FakeBot {
    private final FakeTelegram telegram;
    private final long id;
    private final String username;
    private final String token;

    private FakeBot(FakeTelegram telegram, long id, String username, String token) {
        this.telegram = telegram;
        this.id = id;
        this.username = username;
        this.token = token;
    }

    /** Describes a bot; nothing exists until {@link #create()}. */
    public static final class Builder {
        private final FakeTelegram telegram;
        private final String username;
        private String firstName;
        private boolean canReadAllGroupMessages;
        private boolean canJoinGroups = true;
        private boolean canConnectToBusiness;

        Builder(FakeTelegram telegram, String username) {
            if (!username.matches("[A-Za-z][A-Za-z0-9_]{1,29}[Bb][Oo][Tt]")) {
                throw new IllegalArgumentException("a bot's username is 5-32 letters, digits or _ ending in \"bot\": "
                        + username);
            }
            this.telegram = telegram;
            this.username = username;
            this.firstName = username;
        }

        public Builder firstName(String name) {
            firstName = name;
            return this;
        }

        /** Privacy mode off ({@code true}): the bot sees every group message, not only commands and mentions. */
        public Builder canReadAllGroupMessages(boolean value) {
            canReadAllGroupMessages = value;
            return this;
        }

        public Builder canJoinGroups(boolean value) {
            canJoinGroups = value;
            return this;
        }

        /** Business mode: Telegram Business accounts may connect the bot. */
        public Builder canConnectToBusiness(boolean value) {
            canConnectToBusiness = value;
            return this;
        }

        public FakeBot create() {
            World world = telegram.world;
            return world.locked(() -> {
                if (world.users.values().stream().anyMatch(u -> u.username.equalsIgnoreCase(username))) {
                    throw new IllegalArgumentException("username " + username + " is taken");
                }
                long id = world.takeBotId();
                String token = id + ":AA" + FakeTelegram.randomId(25).substring(0, 33);
                UserState user = new UserState(id, true, firstName);
                user.username = username;
                world.users.put(id, user);
                BotState bot = new BotState(user, token, canJoinGroups, canReadAllGroupMessages, canConnectToBusiness);
                world.bots.put(id, bot);
                world.botsByToken.put(token, bot);
                return new FakeBot(telegram, id, username, token);
            });
        }
    }

    public long id() {
        return id;
    }

    public String username() {
        return username;
    }

    /** {@code <id>:<secret>}, as BotFather hands it out. */
    public String token() {
        return token;
    }

    /** Updates queued for the bot and not yet confirmed. */
    public int pendingUpdateCount() {
        return telegram.world.locked(() -> state().updates.size());
    }

    /** The update types the bot currently receives, as {@code allowed_updates} last set them. */
    public Set<String> allowedUpdates() {
        return telegram.world.locked(() -> state().allowedUpdates);
    }

    public Optional<String> webhookUrl() {
        return telegram.world.locked(() -> Optional.of(state().webhookUrl).filter(u -> !u.isEmpty()));
    }

    /**
     * Waits until a {@code getUpdates} long poll of this bot is waiting on the server, e.g. before a test posts the
     * message that should end it.
     *
     * @throws AssertionError on timeout
     */
    public void awaitLongPoll(Duration timeout) {
        telegram.world.awaitLocked(timeout, () -> Optional.of(true).filter(t -> state().waitingPolls > 0))
                .orElseThrow(() -> new AssertionError("no long poll of " + this + " within " + timeout));
    }

    /**
     * Waits until the bot has exactly {@code count} unconfirmed updates, e.g. 0 once a webhook took them all.
     *
     * @throws AssertionError on timeout
     */
    public void awaitPendingUpdateCount(int count, Duration timeout) {
        telegram.world.awaitLocked(timeout, () -> Optional.of(true).filter(t -> state().updates.size() == count))
                .orElseThrow(() -> new AssertionError(this + " did not reach " + count + " pending updates within "
                        + timeout + "; has " + pendingUpdateCount()));
    }

    /** Why the last webhook delivery failed, as {@code getWebhookInfo} says it. */
    public Optional<String> webhookLastError() {
        return telegram.world.locked(() -> Optional.of(state().webhookLastErrorMessage).filter(u -> !u.isEmpty()));
    }

    @Override
    public String toString() {
        return "@" + username.toLowerCase(Locale.ROOT) + " (" + id + ")";
    }

    private BotState state() {
        return telegram.world.bot(id);
    }
}
