package dev.mxbridge.core.format;

import dev.mxbridge.core.format.Node.CodeBlock;
import dev.mxbridge.core.format.Node.Heading;
import dev.mxbridge.core.format.Node.Image;
import dev.mxbridge.core.format.Node.LineBreak;
import dev.mxbridge.core.format.Node.Link;
import dev.mxbridge.core.format.Node.ListBlock;
import dev.mxbridge.core.format.Node.Mention;
import dev.mxbridge.core.format.Node.Paragraph;
import dev.mxbridge.core.format.Node.Quote;
import dev.mxbridge.core.format.Node.Rule;
import dev.mxbridge.core.format.Node.Styled;
import dev.mxbridge.core.format.Node.Text;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes nodes as Matrix HTML. Every piece of text and every attribute value is escaped, and only tags and
 * attributes from the spec's allowlist are written, so nothing from a remote network can become markup.
 */
final class HtmlWriter {

    /** The schemes the spec permits in {@code a href}. */
    private static final Set<String> LINK_SCHEMES = Set.of("https", "http", "ftp", "mailto", "magnet");
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):.*", Pattern.DOTALL);

    private HtmlWriter() {
    }

    static String render(List<Node> nodes) {
        StringBuilder out = new StringBuilder();
        writeAll(nodes, out);
        return out.toString();
    }

    /** Whether a url may be the target of a link in Matrix HTML: absolute, with a permitted scheme. */
    static boolean isLinkable(String url) {
        var m = SCHEME.matcher(url);
        return m.matches() && LINK_SCHEMES.contains(m.group(1).toLowerCase(Locale.ROOT));
    }

    private static void writeAll(List<Node> nodes, StringBuilder out) {
        for (Node node : nodes) {
            write(node, out);
        }
    }

    private static void write(Node node, StringBuilder out) {
        switch (node) {
            case Text(String text) -> escape(text, out);
            case LineBreak() -> out.append("<br>");
            case Styled(Style style, List<Node> children) -> styled(style, children, out);
            case Link(String url, List<Node> children) -> link(url, children, out);
            case Mention mention -> mention(mention, out);
            case Image image -> image(image, out);
            case Paragraph(List<Node> children) -> element("p", children, out);
            case Heading(int level, List<Node> children) -> element("h" + level, children, out);
            case Quote(List<Node> children) -> element("blockquote", children, out);
            case CodeBlock(var language, String code) -> {
                out.append("<pre><code");
                language.ifPresent(l -> out.append(" class=\"language-").append(l).append('"'));
                out.append('>');
                escape(code, out);
                out.append("</code></pre>");
            }
            case ListBlock list -> list(list, out);
            case Rule() -> out.append("<hr>");
        }
    }

    private static void styled(Style style, List<Node> children, StringBuilder out) {
        switch (style) {
            case Style.Basic basic -> element(switch (basic) {
                case BOLD -> "strong";
                case ITALIC -> "em";
                case UNDERLINE -> "u";
                case STRIKETHROUGH -> "del";
                case MONOSPACE -> "code";
                case SUPERSCRIPT -> "sup";
                case SUBSCRIPT -> "sub";
            }, children, out);
            case Style.Spoiler(var reason) -> {
                out.append("<span data-mx-spoiler");
                reason.ifPresent(r -> attribute("", r, out));
                out.append('>');
                writeAll(children, out);
                out.append("</span>");
            }
            case Style.Colour(var foreground, var background) -> {
                out.append("<span");
                foreground.ifPresent(c -> attribute(" data-mx-color", c.hex(), out));
                background.ifPresent(c -> attribute(" data-mx-bg-color", c.hex(), out));
                out.append('>');
                writeAll(children, out);
                out.append("</span>");
            }
        }
    }

    private static void link(String url, List<Node> children, StringBuilder out) {
        boolean linkable = isLinkable(url);
        if (linkable) {
            out.append("<a");
            attribute(" href", url, out);
            out.append('>');
        }
        if (children.isEmpty()) {
            escape(url, out);
        } else {
            writeAll(children, out);
        }
        if (linkable) {
            out.append("</a>");
        }
    }

    private static void mention(Mention mention, StringBuilder out) {
        String display = PlainText.display(mention);
        if (mention.target() instanceof MentionTarget.Everyone || display.isEmpty()) {
            escape(display, out);
            return;
        }
        out.append("<a");
        attribute(" href", MatrixUris.link(mention.target()), out);
        out.append('>');
        escape(display, out);
        out.append("</a>");
    }

    private static void image(Image image, StringBuilder out) {
        out.append("<img");
        attribute(" src", image.source().toString(), out);
        attribute(" alt", image.alt(), out);
        image.width().ifPresent(w -> attribute(" width", Integer.toString(w), out));
        image.height().ifPresent(h -> attribute(" height", Integer.toString(h), out));
        out.append('>');
    }

    private static void list(ListBlock list, StringBuilder out) {
        String tag = list.ordered() ? "ol" : "ul";
        out.append('<').append(tag);
        if (list.start() != 1) {
            attribute(" start", Integer.toString(list.start()), out);
        }
        out.append('>');
        for (List<Node> item : list.items()) {
            element("li", item, out);
        }
        out.append("</").append(tag).append('>');
    }

    private static void element(String tag, List<Node> children, StringBuilder out) {
        out.append('<').append(tag).append('>');
        writeAll(children, out);
        out.append("</").append(tag).append('>');
    }

    private static void attribute(String name, String value, StringBuilder out) {
        out.append(name).append("=\"");
        escape(value, out);
        out.append('"');
    }

    static void escape(String text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }
}
