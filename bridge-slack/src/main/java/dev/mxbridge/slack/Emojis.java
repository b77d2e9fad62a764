package dev.mxbridge.slack;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fellbaum.jemoji.Emoji;
import net.fellbaum.jemoji.EmojiManager;

/**
 * Slack's emoji names ({@code thumbsup}, {@code +1}, {@code smile::skin-tone-2}) and Unicode emoji, through JEmoji's
 * table of Slack aliases. A name without a Unicode emoji (a workspace's custom emoji) stays a name.
 */
final class Emojis {
    /** A {@code :name:}, the name (and skin tone) as group 1. */
    static final Pattern SHORTCODE = Pattern.compile(":([a-z0-9_+'-]+(?:::skin-tone-[2-6])?):");
    private static final String VARIATION_SELECTOR = "\uFE0F";

    private Emojis() {
    }

    /** The Unicode emoji of a Slack name (without colons), if it is a standard one. */
    static Optional<String> unicode(String name) {
        return EmojiManager.getBySlackAlias(":" + name + ":").map(Emoji::getEmoji)
                .or(() -> EmojiManager.getByGithubAlias(":" + name + ":").map(Emoji::getEmoji));
    }

    /** The Slack name (without colons) of a Unicode emoji, if it has one; variation selectors do not matter. */
    static Optional<String> name(String unicode) {
        Optional<Emoji> emoji = EmojiManager.getEmoji(unicode)
                .or(() -> EmojiManager.getEmoji(unicode.replace(VARIATION_SELECTOR, "")))
                .or(() -> EmojiManager.getEmoji(unicode + VARIATION_SELECTOR));
        return emoji.flatMap(e -> e.getSlackAliases().stream().findFirst()
                        .or(() -> e.getGithubAliases().stream().findFirst()))
                .map(alias -> alias.substring(1, alias.length() - 1));
    }

    /** Text with every known {@code :name:} replaced by its Unicode emoji; unknown names stay as they are. */
    static String replaceShortcodes(String text) {
        if (text.indexOf(':') < 0) {
            return text;
        }
        Matcher m = SHORTCODE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(unicode(m.group(1)).orElse(m.group())));
        }
        return m.appendTail(out).toString();
    }
}
