package dev.mxbridge.telegram;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.MessageContent.Media.MediaKind;
import dev.mxbridge.core.network.NetworkContext;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.api.objects.photo.PhotoSize;
import org.telegram.telegrambots.meta.api.objects.stickers.Sticker;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * A Telegram message's file, fetched from the Bot API and uploaded to the homeserver: photos (largest size), documents,
 * voice, audio, video, video notes, animations and stickers (static ones as images, animated ones as files, with a
 * note). A file over the bot's download limit becomes a notice saying so, not a silent drop. Uploads are remembered
 * by the file's {@code file_unique_id}, so a file that comes again (an edited caption) is not fetched twice.
 */
final class InboundMedia {
    private static final int REMEMBERED_UPLOADS = 1_000;
    private final BotApi api;
    private final long downloadLimit;
    /**
     * The latest files uploaded, by Telegram's {@code file_unique_id}: an edited caption comes with its file again,
     * and the edit's new content points at the upload already made instead of fetching the file once more.
     */
    private final Map<String, MessageContent.Media> uploaded = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, MessageContent.Media> eldest) {
                    return size() > REMEMBERED_UPLOADS;
                }
            });
    private volatile NetworkContext context;

    InboundMedia(BotApi api, long downloadLimit) {
        this.api = api;
        this.downloadLimit = downloadLimit;
    }

    void start(NetworkContext started) {
        context = started;
    }

    /** The file of the message, if it has one (possibly a notice that it is too big). */
    Optional<MessageContent> of(Message m) throws TelegramApiException, IOException {
        if (m.hasPhoto()) {
            List<PhotoSize> sizes = m.getPhoto();
            PhotoSize largest = sizes.getLast();
            return Optional.of(fetch(largest.getFileId(), largest.getFileUniqueId(), size(largest.getFileSize()), MediaKind.IMAGE, "photo.jpg",
                    "image/jpeg"));
        }
        if (m.hasAnimation()) {
            var a = m.getAnimation();
            return Optional.of(fetch(a.getFileId(), a.getFileUniqueId(), Optional.ofNullable(a.getFileSize()), MediaKind.VIDEO,
                    name(a.getFileName(), "animation.mp4"), mime(a.getMimeType(), "video/mp4")));
        }
        if (m.hasDocument()) {
            var d = m.getDocument();
            return Optional.of(fetch(d.getFileId(), d.getFileUniqueId(), Optional.ofNullable(d.getFileSize()), MediaKind.FILE,
                    name(d.getFileName(), "file"), mime(d.getMimeType(), "application/octet-stream")));
        }
        if (m.hasVoice()) {
            var v = m.getVoice();
            return Optional.of(fetch(v.getFileId(), v.getFileUniqueId(), Optional.ofNullable(v.getFileSize()), MediaKind.AUDIO, "voice.ogg",
                    mime(v.getMimeType(), "audio/ogg")));
        }
        if (m.hasAudio()) {
            var a = m.getAudio();
            return Optional.of(fetch(a.getFileId(), a.getFileUniqueId(), Optional.ofNullable(a.getFileSize()), MediaKind.AUDIO,
                    name(a.getFileName(), Optional.ofNullable(a.getTitle()).orElse("audio.mp3")),
                    mime(a.getMimeType(), "audio/mpeg")));
        }
        if (m.hasVideo()) {
            var v = m.getVideo();
            return Optional.of(fetch(v.getFileId(), v.getFileUniqueId(), Optional.ofNullable(v.getFileSize()), MediaKind.VIDEO,
                    name(v.getFileName(), "video.mp4"), mime(v.getMimeType(), "video/mp4")));
        }
        if (m.hasVideoNote()) {
            var v = m.getVideoNote();
            return Optional.of(fetch(v.getFileId(), v.getFileUniqueId(), size(v.getFileSize()), MediaKind.VIDEO, "video_note.mp4",
                    "video/mp4"));
        }
        if (m.hasSticker()) {
            return Optional.of(sticker(m.getSticker()));
        }
        return Optional.empty();
    }

    /** Whether the message carries a file (whose caption goes with it). */
    static boolean hasFile(Message m) {
        return m.hasPhoto() || m.hasAnimation() || m.hasDocument() || m.hasVoice() || m.hasAudio() || m.hasVideo()
                || m.hasVideoNote() || m.hasSticker();
    }

    private MessageContent sticker(Sticker s) throws TelegramApiException, IOException {
        if (Boolean.TRUE.equals(s.getIsAnimated())) {
            return fetch(s.getFileId(), s.getFileUniqueId(), size(s.getFileSize()), MediaKind.FILE, "sticker.tgs", "application/x-tgsticker");
        }
        if (Boolean.TRUE.equals(s.getIsVideo())) {
            return fetch(s.getFileId(), s.getFileUniqueId(), size(s.getFileSize()), MediaKind.VIDEO, "sticker.webm", "video/webm");
        }
        return fetch(s.getFileId(), s.getFileUniqueId(), size(s.getFileSize()), MediaKind.IMAGE,
                "sticker " + Optional.ofNullable(s.getEmoji()).orElse("") + ".webp", "image/webp");
    }

    /** A note for an animated sticker, which Matrix clients cannot play. */
    static Optional<String> stickerNote(Message m) {
        return m.hasSticker() && Boolean.TRUE.equals(m.getSticker().getIsAnimated())
                ? Optional.of("(an animated Telegram sticker " + Optional.ofNullable(m.getSticker().getEmoji()).orElse("")
                + ", sent as a .tgs file)") : Optional.empty();
    }

    private MessageContent fetch(String fileId, String uniqueId, Optional<Long> size, MediaKind kind, String name,
                                 String mime) throws TelegramApiException, IOException {
        MessageContent.Media known = uniqueId == null ? null : uploaded.get(uniqueId);
        if (known != null) {
            return known;
        }
        try {
            byte[] bytes = api.download(fileId, size);
            String mxc = context.upload(bytes, mime, name);
            MessageContent.Media media = new MessageContent.Media(kind, mxc, name, Optional.of(mime),
                    Optional.of((long) bytes.length), Optional.empty());
            if (uniqueId != null) {
                uploaded.put(uniqueId, media);
            }
            return media;
        } catch (BotApi.FileTooBigException e) {
            long bytes = size.orElse(e.size);
            return new MessageContent.Text(MessageContent.Text.Kind.NOTICE, FormattedText.plain(name
                    + (bytes > 0 ? " (" + megabytes(bytes) + ")" : "") + " is too large for the bridge to fetch: "
                    + "Telegram lets bots download files of up to " + megabytes(downloadLimit) + ". Open it in Telegram."));
        }
    }

    static String megabytes(long bytes) {
        return bytes >= 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1024.0 / 1024.0)
                : String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }

    private static Optional<Long> size(Integer size) {
        return Optional.ofNullable(size).map(Integer::longValue);
    }

    private static String name(String given, String fallback) {
        return given == null || given.isBlank() ? fallback : given;
    }

    private static String mime(String given, String fallback) {
        return given == null || given.isBlank() ? fallback : given;
    }
}
