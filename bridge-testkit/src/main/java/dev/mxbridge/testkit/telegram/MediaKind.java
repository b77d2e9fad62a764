package dev.mxbridge.testkit.telegram;

import java.util.Locale;
import java.util.Map;

/** A kind of file message, named like its {@code Message} field ({@code photo}, {@code video_note}...). */
public enum MediaKind {
    PHOTO("photo", "photos"), DOCUMENT("document", "documents"), VOICE("voice", "voice"), AUDIO("audio", "music"),
    VIDEO("video", "videos"), VIDEO_NOTE("video_note", "video_notes"), ANIMATION("animation", "animations"),
    STICKER("sticker", "stickers");

    private static final Map<String, String> MIME_TYPES = Map.ofEntries(Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"), Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"), Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"),
            Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"), Map.entry("opus", "audio/ogg"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"), Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"), Map.entry("tgs", "application/x-tgsticker"),
            Map.entry("zip", "application/zip"), Map.entry("json", "application/json"));

    final String field;
    final String directory;

    MediaKind(String field, String directory) {
        this.field = field;
        this.directory = directory;
    }

    /** "document" → "There is no document in the request" wording. */
    String spokenName() {
        return field.replace('_', ' ');
    }

    /** The MIME type Telegram would find for the file: from the name, else the declared one. */
    static String mimeType(String fileName, String declared) {
        int dot = fileName.lastIndexOf('.');
        String fromName = dot < 0 ? null : MIME_TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (fromName != null) {
            return fromName;
        }
        return declared.isEmpty() ? "application/octet-stream" : declared.split(";")[0].trim();
    }
}
