package dev.mxbridge.testkit.telegram;

import java.util.Optional;

/**
 * A {@code MessageEntity} that a test user puts on a message. Offsets and lengths count UTF-16 code units, as Java
 * strings do. Mentions, commands, hashtags and URLs in a text are also found automatically, as Telegram does.
 *
 * @param type {@code bold}, {@code italic}, {@code underline}, {@code strikethrough}, {@code spoiler}, {@code code},
 *             {@code pre}, {@code text_link}, {@code text_mention}, {@code blockquote}, {@code mention}, ...
 */
public record Entity(String type, int offset, int length, Optional<String> url, Optional<Long> userId,
                     Optional<String> language) {
    public Entity {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("entity needs offset >= 0 and length > 0, got " + offset + "+" + length);
        }
    }

    /** An entity with no extra field, e.g. {@code of("bold", 0, 5)}. */
    public static Entity of(String type, int offset, int length) {
        return new Entity(type, offset, length, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Entity bold(int offset, int length) {
        return of("bold", offset, length);
    }

    public static Entity italic(int offset, int length) {
        return of("italic", offset, length);
    }

    public static Entity code(int offset, int length) {
        return of("code", offset, length);
    }

    public static Entity pre(int offset, int length, String language) {
        return new Entity("pre", offset, length, Optional.empty(), Optional.empty(), Optional.of(language));
    }

    public static Entity textLink(int offset, int length, String url) {
        return new Entity("text_link", offset, length, Optional.of(url), Optional.empty(), Optional.empty());
    }

    /** A mention of a user without a username, written with the user object in the message. */
    public static Entity textMention(int offset, int length, FakeUser user) {
        return new Entity("text_mention", offset, length, Optional.empty(), Optional.of(user.id()), Optional.empty());
    }

    int end() {
        return offset + length;
    }
}
