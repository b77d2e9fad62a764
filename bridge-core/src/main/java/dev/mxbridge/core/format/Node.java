package dev.mxbridge.core.format;

import dev.mxbridge.core.client.MxcUri;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One piece of a {@link FormattedText}. Inline nodes ({@link Text}, {@link Styled}, {@link Link}, {@link Mention},
 * {@link Image}, {@link LineBreak}) flow within a line; block nodes ({@link Paragraph}, {@link Heading},
 * {@link Quote}, {@link CodeBlock}, {@link ListBlock}, {@link Rule}) stand on lines of their own. The family is
 * sealed, so a renderer is one exhaustive {@code switch}:
 * <pre>{@code
 * switch (node) {
 *     case Node.Text(String text) -> out.append(escape(text));
 *     case Node.Styled(Style style, List<Node> children) -> ...
 *     ...
 * }
 * }</pre>
 * Every node is immutable; lists are copied on construction.
 */
public sealed interface Node {

    /**
     * Unformatted text within one line. Line breaks are {@link LineBreak} nodes, never characters, so that every
     * renderer sees them the same way; {@link #lines(String)} splits text that has them.
     *
     * @param text the characters, without {@code \n} or {@code \r}
     */
    record Text(String text) implements Node {
        public Text {
            Objects.requireNonNull(text, "text");
            if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("text must not contain line breaks; use Text.lines: " + text);
            }
        }

        /** Text that may span lines: {@link Text} nodes with a {@link LineBreak} at each line break. */
        public static List<Node> lines(String text) {
            List<Node> nodes = new ArrayList<>();
            String[] lines = text.split("\r\n|\r|\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    nodes.add(new LineBreak());
                }
                if (!lines[i].isEmpty()) {
                    nodes.add(new Text(lines[i]));
                }
            }
            return List.copyOf(nodes);
        }
    }

    /**
     * Children shown with one {@link Style}; several styles nest.
     *
     * @param style    bold, italic, colour, spoiler, ...
     * @param children what the style applies to
     */
    record Styled(Style style, List<Node> children) implements Node {
        public Styled {
            Objects.requireNonNull(style, "style");
            children = List.copyOf(children);
        }
    }

    /**
     * A hyperlink. The url is kept as given; renderers to HTML link only the schemes Matrix permits and show the
     * rest as text.
     *
     * @param url      the target
     * @param children the link text; empty to show the url itself
     */
    record Link(String url, List<Node> children) implements Node {
        public Link {
            Objects.requireNonNull(url, "url");
            children = List.copyOf(children);
        }
    }

    /**
     * A mention of a user or room, or of everyone in the room. A mention with empty display text is silent: it
     * notifies (it is in {@code m.mentions}) without showing anything, as a Matrix user id listed in
     * {@code m.mentions} without a pill in the text.
     *
     * @param target      who or what is mentioned
     * @param displayText what the mention shows: a user's display name, a room's alias, {@code @room}
     */
    record Mention(MentionTarget target, String displayText) implements Node {
        public Mention {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(displayText, "displayText");
        }
    }

    /**
     * An inline image from the media repository, e.g. a custom emoji.
     *
     * @param source the media
     * @param alt    the text shown where images are not, e.g. {@code :party:}
     * @param width  the width to show it at, in pixels
     * @param height the height to show it at, in pixels
     */
    record Image(MxcUri source, String alt, OptionalInt width, OptionalInt height) implements Node {
        public Image {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(alt, "alt");
            Objects.requireNonNull(width, "width");
            Objects.requireNonNull(height, "height");
        }
    }

    /** A line break within a block. */
    record LineBreak() implements Node {
    }

    /** A paragraph: inline children on lines of their own. */
    record Paragraph(List<Node> children) implements Node {
        public Paragraph {
            children = List.copyOf(children);
        }
    }

    /**
     * A heading.
     *
     * @param level 1 (largest) to 6
     */
    record Heading(int level, List<Node> children) implements Node {
        public Heading {
            if (level < 1 || level > 6) {
                throw new IllegalArgumentException("heading level must be 1 to 6: " + level);
            }
            children = List.copyOf(children);
        }
    }

    /** Quoted text. */
    record Quote(List<Node> children) implements Node {
        public Quote {
            children = List.copyOf(children);
        }
    }

    /**
     * Preformatted code on lines of its own.
     *
     * @param language the language for syntax highlighting, e.g. {@code java}; one that is not a plain name (letters,
     *                 digits, {@code _+#.-}) is dropped
     * @param code     the code, line breaks included, without a trailing line break
     */
    record CodeBlock(Optional<String> language, String code) implements Node {
        private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9_+#.-]+");

        public CodeBlock {
            language = language.filter(l -> LANGUAGE.matcher(l).matches());
            Objects.requireNonNull(code, "code");
        }
    }

    /**
     * A bulleted or numbered list.
     *
     * @param ordered true for a numbered list
     * @param start   the number of the first item; 1 for bulleted lists
     * @param items   each item's nodes, which may hold nested lists
     */
    record ListBlock(boolean ordered, int start, List<List<Node>> items) implements Node {
        public ListBlock {
            if (!ordered && start != 1) {
                throw new IllegalArgumentException("a bulleted list starts at 1: " + start);
            }
            items = items.stream().<List<Node>>map(List::copyOf).toList();
        }
    }

    /** A horizontal rule between blocks. */
    record Rule() implements Node {
    }
}
