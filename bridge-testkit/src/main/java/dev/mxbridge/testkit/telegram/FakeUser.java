package dev.mxbridge.testkit.telegram;

import java.util.Optional;

/** A Telegram user on the fake; acts through {@link FakeChat#from}. Names and photos can change, as on Telegram. */
public final class FakeUser {
    private final FakeTelegram telegram;
    private final long id;

    private FakeUser(FakeTelegram telegram, long id) {
        this.telegram = telegram;
        this.id = id;
    }

    /** Describes a user; nothing exists until {@link #create()}. */
    public static final class Builder {
        private final FakeTelegram telegram;
        private final String firstName;
        private String lastName = "";
        private String username = "";
        private boolean premium;
        private String languageCode = "";

        Builder(FakeTelegram telegram, String firstName) {
            if (firstName.isBlank()) {
                throw new IllegalArgumentException("a Telegram user has a first name");
            }
            this.telegram = telegram;
            this.firstName = firstName;
        }

        public Builder lastName(String value) {
            lastName = value;
            return this;
        }

        public Builder username(String value) {
            username = value;
            return this;
        }

        /** Telegram Premium, which a business account needs. */
        public Builder premium(boolean value) {
            premium = value;
            return this;
        }

        public Builder languageCode(String value) {
            languageCode = value;
            return this;
        }

        public FakeUser create() {
            World world = telegram.world;
            return world.locked(() -> {
                long id = world.takeUserId();
                UserState user = new UserState(id, false, firstName);
                user.lastName = lastName;
                user.username = username;
                user.premium = premium;
                user.languageCode = languageCode;
                world.users.put(id, user);
                return new FakeUser(telegram, id);
            });
        }
    }

    public long id() {
        return id;
    }

    public String firstName() {
        return telegram.world.locked(() -> state().firstName);
    }

    public Optional<String> username() {
        return telegram.world.locked(() -> Optional.of(state().username).filter(u -> !u.isEmpty()));
    }

    /** The user presses Start in the bot's chat: the bot gets "/start" and may write to the user from now on. */
    public FakeChat startBot(FakeBot bot) {
        FakeChat chat = chatWith(bot);
        chat.from(this).text("/start");
        return chat;
    }

    /** The user's private chat with the bot; the bot may write only after the user has written (or started it). */
    public FakeChat chatWith(FakeBot bot) {
        return telegram.world.locked(() -> new FakeChat(telegram, telegram.world.privateChat(bot.id(), id)));
    }

    /** The user blocks the bot: sends to them answer 403 "bot was blocked by the user". */
    public void blockBot(FakeBot bot, boolean blocked) {
        telegram.world.locked(() -> telegram.world.privateChat(bot.id(), id).blocked = blocked);
    }

    /** A new profile photo, shown first by {@code getUserProfilePhotos}. */
    public void addProfilePhoto(byte[] image) {
        telegram.world.locked(() -> {
            try {
                state().profilePhotos.addFirst(telegram.world.files.photo(image));
            } catch (ApiError e) {
                throw new IllegalArgumentException("a profile photo must be an image ImageIO can read");
            }
        });
    }

    /** New names; {@code lastName} empty for none. Seen in every later message, as on Telegram. */
    public void rename(String newFirstName, String newLastName) {
        telegram.world.locked(() -> {
            state().firstName = newFirstName;
            state().lastName = newLastName;
        });
    }

    public void setUsername(String newUsername) {
        telegram.world.locked(() -> state().username = newUsername);
    }

    @Override
    public String toString() {
        return "user " + id;
    }

    UserState state() {
        return telegram.world.user(id);
    }
}
