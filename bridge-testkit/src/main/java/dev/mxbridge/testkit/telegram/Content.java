package dev.mxbridge.testkit.telegram;

import java.util.List;

/**
 * What a test user sends: text, a file (photo, document, voice, audio, video, video note, animation, sticker), a
 * location, venue, contact or poll. Files are stored on the fake's file host and reach bots as file ids; photos must
 * be images the JDK can read (PNG, JPEG, GIF, BMP), since Telegram rejects anything else.
 */
public sealed interface Content permits Content.Text, Content.File, Content.Location, Content.Venue,
        Content.Contact, Content.Poll {

    /** Text with explicit entities; mentions, commands, hashtags and URLs are found automatically. */
    record Text(String text, List<Entity> entities) implements Content {
        public Text {
            if (text.isBlank()) {
                throw new IllegalArgumentException("Telegram has no empty text messages");
            }
            entities = List.copyOf(entities);
        }
    }

    /** A file message; {@code caption} may be empty. */
    record File(MediaKind kind, byte[] bytes, String fileName, String mimeType, int width, int height, int duration,
                String performer, String title, String emoji, String caption, List<Entity> captionEntities)
            implements Content {
        public File {
            captionEntities = List.copyOf(captionEntities);
        }

        /** The same file with a caption. */
        public File caption(String text, Entity... entities) {
            return new File(kind, bytes, fileName, mimeType, width, height, duration, performer, title, emoji, text,
                    List.of(entities));
        }

        MediaAttributes attributes() {
            return new MediaAttributes(width, height, duration, performer, title, emoji);
        }
    }

    record Location(double latitude, double longitude) implements Content {
    }

    record Venue(double latitude, double longitude, String title, String address) implements Content {
    }

    record Contact(String phoneNumber, String firstName, String lastName) implements Content {
    }

    record Poll(String question, List<String> options) implements Content {
        public Poll {
            options = List.copyOf(options);
            if (options.size() < 2) {
                throw new IllegalArgumentException("a poll needs at least two options");
            }
        }
    }

    static Text text(String text, Entity... entities) {
        return new Text(text, List.of(entities));
    }

    /** A photo; Telegram makes sizes of it (here they all serve these bytes). */
    static File photo(byte[] image) {
        return file(MediaKind.PHOTO, image, "", "image/jpeg", 0, 0, 0, "");
    }

    static File document(byte[] bytes, String fileName, String mimeType) {
        return file(MediaKind.DOCUMENT, bytes, fileName, mimeType, 0, 0, 0, "");
    }

    static File voice(byte[] ogg, int durationSeconds) {
        return file(MediaKind.VOICE, ogg, "", "audio/ogg", 0, 0, durationSeconds, "");
    }

    static File audio(byte[] bytes, String fileName, int durationSeconds, String performer, String title) {
        return new File(MediaKind.AUDIO, bytes, fileName, MediaKind.mimeType(fileName, "audio/mpeg"), 0, 0,
                durationSeconds, performer, title, "", "", List.of());
    }

    static File video(byte[] bytes, int width, int height, int durationSeconds) {
        return file(MediaKind.VIDEO, bytes, "video.mp4", "video/mp4", width, height, durationSeconds, "");
    }

    static File videoNote(byte[] bytes, int length, int durationSeconds) {
        return file(MediaKind.VIDEO_NOTE, bytes, "", "video/mp4", length, length, durationSeconds, "");
    }

    static File animation(byte[] bytes, int width, int height, int durationSeconds) {
        return file(MediaKind.ANIMATION, bytes, "animation.mp4", "video/mp4", width, height, durationSeconds, "");
    }

    /** A static sticker (WebP). */
    static File sticker(byte[] webp, String emoji) {
        return file(MediaKind.STICKER, webp, "sticker.webp", "image/webp", 512, 512, 0, emoji);
    }

    /** An animated sticker (Lottie, {@code .tgs}). */
    static File animatedSticker(byte[] tgs, String emoji) {
        return file(MediaKind.STICKER, tgs, "sticker.tgs", "application/x-tgsticker", 512, 512, 0, emoji);
    }

    /** A video sticker (WebM). */
    static File videoSticker(byte[] webm, String emoji) {
        return file(MediaKind.STICKER, webm, "sticker.webm", "video/webm", 512, 512, 3, emoji);
    }

    static Location location(double latitude, double longitude) {
        return new Location(latitude, longitude);
    }

    static Venue venue(double latitude, double longitude, String title, String address) {
        return new Venue(latitude, longitude, title, address);
    }

    static Contact contact(String phoneNumber, String firstName, String lastName) {
        return new Contact(phoneNumber, firstName, lastName);
    }

    static Poll poll(String question, String... options) {
        return new Poll(question, List.of(options));
    }

    private static File file(MediaKind kind, byte[] bytes, String fileName, String mimeType, int width, int height,
                             int duration, String emoji) {
        return new File(kind, bytes, fileName, mimeType, width, height, duration, "", "", emoji, "", List.of());
    }
}
