package dev.mxbridge.testkit.telegram;

/**
 * A Telegram Business account's connection to a bot. In its chats ({@link #chatWith}) customers write
 * ({@code business_message}), the owner writes from their own app ({@code business_message} from the owner), and
 * edits and deletions reach the bot as {@code edited_business_message} and {@code deleted_business_messages}. The
 * bot answers as the owner with {@code business_connection_id}, if it may reply and the customer wrote within 24 h.
 */
public final class FakeBusinessConnection {
    private final FakeTelegram telegram;
    private final String id;
    private final FakeUser owner;
    private final FakeBot bot;

    FakeBusinessConnection(FakeTelegram telegram, String id, FakeUser owner, FakeBot bot) {
        this.telegram = telegram;
        this.id = id;
        this.owner = owner;
        this.bot = bot;
    }

    /** The {@code business_connection_id}. */
    public String id() {
        return id;
    }

    public FakeUser owner() {
        return owner;
    }

    public FakeBot bot() {
        return bot;
    }

    /** The owner changes whether the bot may reply: a {@code business_connection} update. */
    public void setCanReply(boolean canReply) {
        telegram.world.locked(() -> {
            state().canReply = canReply;
            telegram.actions.connect(state());
        });
    }

    /**
     * The owner lets the bot delete what it sent ({@code can_delete_outgoing_messages}) and any message
     * ({@code can_delete_all_messages}), or not: a {@code business_connection} update.
     */
    public void setCanDelete(boolean outgoing, boolean all) {
        telegram.world.locked(() -> {
            state().canDeleteOutgoing = outgoing;
            state().canDeleteAll = all;
            telegram.actions.connect(state());
        });
    }

    /** The owner disconnects the bot ({@code is_enabled} false) or connects it again. */
    public void setEnabled(boolean enabled) {
        telegram.world.locked(() -> {
            state().enabled = enabled;
            telegram.actions.connect(state());
        });
    }

    /** The business account's chat with a customer: post in it as the customer or as the owner. */
    public FakeChat chatWith(FakeUser customer) {
        return telegram.world.locked(() -> new FakeChat(telegram,
                telegram.actions.businessChat(state(), customer.state())));
    }

    private BusinessState state() {
        return telegram.world.business.get(id);
    }
}
