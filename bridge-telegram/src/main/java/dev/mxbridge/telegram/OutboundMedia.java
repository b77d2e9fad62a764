package dev.mxbridge.telegram;

import dev.mxbridge.core.client.Media;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteRoomId;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.telegram.telegrambots.meta.api.methods.send.SendAnimation;
import org.telegram.telegrambots.meta.api.methods.send.SendAudio;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendLocation;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.methods.send.SendVoice;
import org.telegram.telegrambots.meta.api.objects.InputFile;
import org.telegram.telegrambots.meta.api.objects.ReplyParameters;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * Matrix files to Telegram: downloaded from the homeserver and uploaded with the matching method (images as photos,
 * GIFs as animations, Ogg audio as voice, other audio, video, everything else as documents), with the relay format
 * as caption. A file over the bot's upload limit (Telegram: 50 MB) is not sent: the Telegram chat gets a line saying
 * who sent what, and the Matrix room a notice.
 */
final class OutboundMedia {
    private final Telegram telegram;
    private final MatrixSide matrix;
    private final NetworkContext context;
    private final long uploadLimit;

    OutboundMedia(Telegram telegram, MatrixSide matrix, NetworkContext context, long uploadLimit) {
        this.telegram = telegram;
        this.matrix = matrix;
        this.context = context;
        this.uploadLimit = uploadLimit;
    }

    Message send(String chat, MessageContent.Media m, String caption, Optional<Integer> reply, Optional<Integer> topic)
            throws TelegramApiException {
        return send(new RemoteRoomId(chat), chat, Optional.empty(), m, caption, reply, topic);
    }

    /**
     * A file to a Telegram chat; {@code room} is the bridged room (for the notice), {@code business} the business
     * connection to send it for, as the account.
     */
    Message send(RemoteRoomId room, String chat, Optional<String> business, MessageContent.Media m, String caption,
                 Optional<Integer> reply, Optional<Integer> topic) throws TelegramApiException {
        Optional<Long> declared = m.size();
        Media file = declared.filter(s -> s > uploadLimit).isPresent() ? null : context.download(m.url());
        long size = file == null ? declared.get() : file.content().length;
        if (size > uploadLimit) {
            String what = m.filename() + " (" + InboundMedia.megabytes(size) + ")";
            matrix.notice(room, what + " was not sent to Telegram: bots may "
                    + "upload files of up to " + InboundMedia.megabytes(uploadLimit) + ".");
            SendMessage.SendMessageBuilder<?, ?> note = SendMessage.builder().chatId(chat).parseMode("HTML")
                    .text(caption + " — " + TelegramHtml.escape(what) + ", too large for Telegram");
            reply.ifPresent(r -> note.replyParameters(Relay.replyTo(r)));
            topic.ifPresent(note::messageThreadId);
            business.ifPresent(note::businessConnectionId);
            return telegram.pacer().send(chat, () -> telegram.api().client().execute(note.build()));
        }
        String mime = m.mimeType().orElse(file.contentType()).toLowerCase(Locale.ROOT);
        InputFile input = new InputFile(new ByteArrayInputStream(file.content()), m.filename());
        return telegram.pacer().send(chat, () -> switch (m.kind()) {
            case IMAGE -> mime.equals("image/gif")
                    ? telegram.api().client().execute(addressed(SendAnimation.builder().chatId(chat).animation(input)
                    .caption(caption).parseMode("HTML").build(),
                    SendAnimation::setReplyParameters, SendAnimation::setMessageThreadId,
                    SendAnimation::setBusinessConnectionId, reply, topic, business))
                    : telegram.api().client().execute(addressed(SendPhoto.builder().chatId(chat).photo(input)
                    .caption(caption).parseMode("HTML").build(),
                    SendPhoto::setReplyParameters, SendPhoto::setMessageThreadId, SendPhoto::setBusinessConnectionId,
                    reply, topic, business));
            case VIDEO -> telegram.api().client().execute(addressed(SendVideo.builder().chatId(chat).video(input)
                    .caption(caption).parseMode("HTML").build(),
                    SendVideo::setReplyParameters, SendVideo::setMessageThreadId, SendVideo::setBusinessConnectionId,
                    reply, topic, business));
            case AUDIO -> mime.startsWith("audio/ogg")
                    ? telegram.api().client().execute(addressed(SendVoice.builder().chatId(chat).voice(input)
                    .caption(caption).parseMode("HTML").build(),
                    SendVoice::setReplyParameters, SendVoice::setMessageThreadId, SendVoice::setBusinessConnectionId,
                    reply, topic, business))
                    : telegram.api().client().execute(addressed(SendAudio.builder().chatId(chat).audio(input)
                    .caption(caption).parseMode("HTML").build(),
                    SendAudio::setReplyParameters, SendAudio::setMessageThreadId, SendAudio::setBusinessConnectionId,
                    reply, topic, business));
            case FILE -> telegram.api().client().execute(addressed(SendDocument.builder().chatId(chat)
                    .document(input).caption(caption).parseMode("HTML").build(),
                    SendDocument::setReplyParameters, SendDocument::setMessageThreadId,
                    SendDocument::setBusinessConnectionId, reply, topic, business));
        });
    }

    /** A Matrix location: who sent it, as text, then the map pin answering it. */
    Message location(String chat, MessageContent.Location l, String caption, Optional<Integer> reply,
                     Optional<Integer> topic) throws TelegramApiException {
        String[] coordinates = l.geoUri().replaceFirst("^geo:", "").split("[,;]");
        SendMessage.SendMessageBuilder<?, ?> text = SendMessage.builder().chatId(chat).parseMode("HTML").text(caption);
        reply.ifPresent(r -> text.replyParameters(Relay.replyTo(r)));
        topic.ifPresent(text::messageThreadId);
        Message said = telegram.pacer().send(chat, () -> telegram.api().client().execute(text.build()));
        SendLocation.SendLocationBuilder<?, ?> pin = SendLocation.builder().chatId(chat)
                .latitude(Double.parseDouble(coordinates[0])).longitude(Double.parseDouble(coordinates[1]))
                .replyParameters(Relay.replyTo(said.getMessageId()));
        topic.ifPresent(pin::messageThreadId);
        return telegram.pacer().send(chat, () -> telegram.api().client().execute(pin.build()));
    }

    /**
     * Addresses a built send: as a reply, in a forum topic, and for a business connection, where given. The library's
     * send methods share no type with these setters, so each call names its own.
     */
    private static <T> T addressed(T send, BiConsumer<T, ReplyParameters> replyTo, BiConsumer<T, Integer> thread,
                                   BiConsumer<T, String> connection, Optional<Integer> reply, Optional<Integer> topic,
                                   Optional<String> business) {
        reply.ifPresent(r -> replyTo.accept(send, Relay.replyTo(r)));
        topic.ifPresent(t -> thread.accept(send, t));
        business.ifPresent(b -> connection.accept(send, b));
        return send;
    }
}
