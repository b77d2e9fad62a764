/**
 * The Telegram reference bridge: a relay bot on the Telegram Bot API (telegrambots 10.2), plugged into bridge-core.
 * {@link dev.mxbridge.telegram.TelegramBridge} is the command line and {@link dev.mxbridge.telegram.TelegramConnector}
 * the network.
 *
 * <p><b>The model.</b> A Telegram chat is a remote room (by chat id), a Telegram user a ghost
 * {@code @_telegram_<user id>}. Updates arrive through our own {@code getUpdates} loop ({@code Poller}), or through a
 * webhook on the bridge's listener with a constant-time secret check ({@code WebhookEndpoint}); {@code Inbound} turns them into remote events
 * stored with {@code pushDurably} under {@code tg:<update_id>}, and the offset moves (or the webhook answers 200) only
 * once they are stored. Matrix users go out through the bot ({@code Relay}) in an HTML relay format, one call at a time
 * per chat within Telegram's pace ({@code ChatPacer}). Rich text converts through the core's model
 * ({@code Entities} in, {@code TelegramHtml} out). Groups are plumbed with one-time codes ({@code Linking}); public
 * groups and channels get portals by username.
 *
 * <p>Runs on the class path: the telegrambots jars have no module names of their own.
 */
package dev.mxbridge.telegram;
