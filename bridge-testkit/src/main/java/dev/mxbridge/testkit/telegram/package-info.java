/**
 * A fake Telegram Bot API for testing bridges through a real client library, in the manner of OkHttp's
 * MockWebServer: it speaks the real protocol and records what happened. {@link dev.mxbridge.testkit.telegram.FakeTelegram}
 * is the entry point (a JUnit 5 extension, or {@code start()}/{@code close()}).
 *
 * <p><b>The model.</b> One server holds accounts ({@link dev.mxbridge.testkit.telegram.FakeUser},
 * {@link dev.mxbridge.testkit.telegram.FakeBot}), chats ({@link dev.mxbridge.testkit.telegram.FakeChat}: groups,
 * supergroups and forums, channels, each bot's private chats, business chats) with members and a message history,
 * files, and {@link dev.mxbridge.testkit.telegram.FakeBusinessConnection business connections}. The test acts as users
 * and as Telegram (post, reply, edit, react, join, leave, rename, migrate a group, open a topic, connect a business
 * account); each action queues the updates the bots would get, following Telegram's rules: privacy mode, admin-only
 * {@code message_reaction} and {@code chat_member}, {@code allowed_updates} applied when an update happens, edits only
 * to bots that saw the original. Bots act through HTTP at {@code /bot<token>/<method>} with query-string, form, JSON or
 * multipart parameters, and download at {@code /file/bot<token>/<file_path>}. Answers are
 * {@code {"ok":true,"result":...}} or {@code {"ok":false,"error_code":...,"description":...,"parameters":...}} with the
 * descriptions of tdlib/telegram-bot-api's {@code Client.cpp}; for an unknown token and an unknown method the fake
 * answers as api.telegram.org does ({@code Unauthorized}, {@code Not Found}).
 *
 * <p><b>Methods:</b> getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo, sendMessage, sendPhoto,
 * sendDocument, sendVoice, sendAudio, sendVideo, sendVideoNote, sendAnimation, sendSticker, sendMediaGroup,
 * sendLocation, sendVenue, sendContact, sendChatAction, editMessageText, editMessageCaption, deleteMessage, deleteBusinessMessages,
 * setMessageReaction, getFile, getChat, getChatMember, getChatAdministrators, getChatMemberCount,
 * getUserProfilePhotos, getBusinessConnection, leaveChat, setChatTitle, setChatPhoto, deleteChatPhoto (creator or
 * {@code can_change_info} only). {@code parse_mode} HTML, MarkdownV2 and Markdown are parsed
 * into entities; mentions, commands, hashtags and URLs are detected as Telegram does.
 *
 * <p><b>Limits and timing.</b> Flood limits ({@link dev.mxbridge.testkit.telegram.RateLimits}) answer 429 with
 * {@code retry_after}; {@code throttleNext} and {@code failNext} script errors. The 48-hour delete rule and the
 * 24-hour business reply window follow the fake's clock, which {@code advanceClock} moves on. Every call is recorded
 * ({@link dev.mxbridge.testkit.telegram.RecordedCall}) with its time, parameters and outcome.
 *
 * <p><b>Not modelled:</b> inline mode, callback queries, payments, stickers sets, polls sent by bots, forwarding and
 * copying, editing media, pinning, restricting members, readBusinessMessage, message_reaction_count, chat join requests; HTTP URLs as
 * files (not fetched); re-encoding (every photo size serves the uploaded bytes; videos are not probed, so their
 * sizes and durations are what the request or test says). Webhook deliveries go one at a time in update order with
 * short retry delays. Where Telegram's wording is not known the fake's own is used and marked in the code.
 *
 * <p><b>Threading.</b> All state sits behind one lock in {@code World}; HTTP requests run on virtual threads, each
 * webhook has a virtual thread, and the test's thread acts directly. Every public method is safe from any thread.
 * Waiting is done on the lock's condition ({@code awaitMessage}, {@code awaitCalls}, long polls): no sleeps.
 */
package dev.mxbridge.testkit.telegram;
