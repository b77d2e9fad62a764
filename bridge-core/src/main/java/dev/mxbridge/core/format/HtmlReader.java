package dev.mxbridge.core.format;

import dev.mxbridge.core.client.MxcUri;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;

/**
 * Reads Matrix HTML into nodes. The HTML is first cleaned against the spec's allowlist (Client-Server API v1.18,
 * "m.room.message msgtypes"), then the clean tree is walked; the walk interprets only the tags and attribute values
 * it knows, so what it cannot show becomes plain text or nothing, never markup.
 */
final class HtmlReader {

    /** The spec's limit on nesting; deeper content is kept as its text. */
    private static final int MAX_DEPTH = 100;

    /**
     * Removed with all their content before cleaning: reply fallbacks (which the spec says to strip), and elements
     * whose content is code, metadata or foreign markup rather than text for the reader. The cleaner alone would
     * keep the text inside elements it drops.
     */
    private static final String DROPPED =
            "mx-reply, script, style, template, noscript, head, title, iframe, object, embed, svg, math";

    /**
     * The spec's permitted tags and attributes, plus {@code font} (deprecated in v1.10 but still sent by older
     * clients; read, never written) and {@code matrix:} URIs on links (read as pills, never written as links).
     */
    private static final Safelist SAFELIST = new Safelist()
            .addTags("font", "del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "a", "ul", "ol", "sup",
                    "sub", "li", "b", "i", "u", "strong", "em", "s", "code", "hr", "br", "div", "table", "thead",
                    "tbody", "tr", "th", "td", "caption", "pre", "span", "img", "details", "summary")
            .addAttributes("font", "data-mx-bg-color", "data-mx-color", "color")
            .addAttributes("span", "data-mx-bg-color", "data-mx-color", "data-mx-spoiler", "data-mx-maths")
            .addAttributes("div", "data-mx-maths")
            .addAttributes("a", "target", "href")
            .addProtocols("a", "href", "https", "http", "ftp", "mailto", "magnet", "matrix")
            .addAttributes("img", "width", "height", "alt", "title", "src")
            .addProtocols("img", "src", "mxc")
            .addAttributes("ol", "start")
            .addAttributes("code", "class");

    private static final Pattern WHITESPACE = Pattern.compile("[ \t\n\r\f]+");

    private HtmlReader() {
    }

    static List<Node> read(String html) {
        Document dirty = Jsoup.parseBodyFragment(html);
        dirty.select(DROPPED).remove();
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        return blockContent(clean.body(), 0);
    }

    private static List<Node> blockContent(Element parent, int depth) {
        return normalise(children(parent, depth), true);
    }

    private static List<Node> inlineContent(Element parent, int depth) {
        return normalise(children(parent, depth), false);
    }

    private static List<Node> children(Element parent, int depth) {
        List<Node> out = new ArrayList<>();
        for (org.jsoup.nodes.Node child : parent.childNodes()) {
            if (child instanceof TextNode text) {
                addText(collapse(text.getWholeText()), out);
            } else if (child instanceof Element element) {
                out.addAll(element(element, depth + 1));
            }
        }
        return out;
    }

    private static List<Node> element(Element e, int depth) {
        if (depth > MAX_DEPTH) {
            List<Node> text = new ArrayList<>();
            addText(collapse(e.text()), text);
            return text;
        }
        String name = e.normalName();
        return switch (name) {
            case "b", "strong" -> styled(Style.Basic.BOLD, inlineContent(e, depth));
            case "i", "em" -> styled(Style.Basic.ITALIC, inlineContent(e, depth));
            case "u" -> styled(Style.Basic.UNDERLINE, inlineContent(e, depth));
            case "del", "s" -> styled(Style.Basic.STRIKETHROUGH, inlineContent(e, depth));
            case "code" -> styled(Style.Basic.MONOSPACE, inlineContent(e, depth));
            case "sup" -> styled(Style.Basic.SUPERSCRIPT, inlineContent(e, depth));
            case "sub" -> styled(Style.Basic.SUBSCRIPT, inlineContent(e, depth));
            case "span", "font" -> span(e, depth);
            case "a" -> anchor(e, depth);
            case "img" -> image(e);
            case "br" -> List.of(new LineBreak());
            case "hr" -> List.of(new Rule());
            case "p" -> nonEmpty(blockContent(e, depth), Paragraph::new);
            case "h1", "h2", "h3", "h4", "h5", "h6" ->
                    nonEmpty(blockContent(e, depth), c -> new Heading(name.charAt(1) - '0', c));
            case "blockquote" -> nonEmpty(blockContent(e, depth), Quote::new);
            case "pre" -> List.of(codeBlock(e));
            case "ul", "ol" -> list(e, depth);
            case "tr" -> row(e, depth);
            // div, and table parts, details and list items outside a list: blocks without a node of their own
            default -> paragraphs(blockContent(e, depth));
        };
    }

    private static List<Node> styled(Style style, List<Node> content) {
        return content.isEmpty() ? List.of() : List.of(new Styled(style, content));
    }

    private static List<Node> nonEmpty(List<Node> content, Function<List<Node>, Node> block) {
        return content.isEmpty() ? List.of() : List.of(block.apply(content));
    }

    private static List<Node> span(Element e, int depth) {
        List<Node> content = inlineContent(e, depth);
        Optional<Style.Rgb> foreground = Style.Rgb.parse(e.attr("data-mx-color"))
                .or(() -> Style.Rgb.parse(e.attr("color")));
        Optional<Style.Rgb> background = Style.Rgb.parse(e.attr("data-mx-bg-color"));
        if (foreground.isPresent() || background.isPresent()) {
            content = styled(new Style.Colour(foreground, background), content);
        }
        if (e.hasAttr("data-mx-spoiler")) {
            content = styled(new Style.Spoiler(Optional.of(collapse(e.attr("data-mx-spoiler")).strip())), content);
        }
        return content;
    }

    private static List<Node> anchor(Element e, int depth) {
        String href = e.attr("href");
        Optional<MentionTarget> pill = MatrixUris.parse(href);
        if (pill.isPresent()) {
            return List.of(new Mention(pill.get(), collapse(e.text()).strip()));
        }
        List<Node> content = inlineContent(e, depth);
        return HtmlWriter.isLinkable(href) ? List.of(new Link(href, content)) : content;
    }

    private static List<Node> image(Element e) {
        String alt = collapse(e.hasAttr("alt") ? e.attr("alt") : e.attr("title")).strip();
        Optional<MxcUri> source = MxcUri.tryParse(e.attr("src"));
        if (source.isPresent()) {
            return List.of(new Image(source.get(), alt, dimension(e.attr("width")), dimension(e.attr("height"))));
        }
        return alt.isEmpty() ? List.of() : List.of(new Text(alt));
    }

    private static OptionalInt dimension(String value) {
        OptionalInt n = integer(value);
        return n.isPresent() && n.getAsInt() > 0 && n.getAsInt() <= 10_000 ? n : OptionalInt.empty();
    }

    private static OptionalInt integer(String value) {
        try {
            return OptionalInt.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException notANumber) {
            return OptionalInt.empty();
        }
    }

    private static CodeBlock codeBlock(Element pre) {
        Element code = pre.selectFirst("> code");
        Optional<String> language = code == null ? Optional.empty() : code.classNames().stream()
                .filter(c -> c.startsWith("language-"))
                .map(c -> c.substring("language-".length()))
                .findFirst();
        StringBuilder text = new StringBuilder();
        NodeTraversor.traverse((node, nodeDepth) -> {
            if (node instanceof TextNode t) {
                text.append(t.getWholeText());
            } else if (node instanceof Element br && br.normalName().equals("br")) {
                text.append('\n');
            }
        }, pre);
        String raw = text.toString().replace("\r\n", "\n").replace('\r', '\n');
        return new CodeBlock(language, raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw);
    }

    private static List<Node> list(Element e, int depth) {
        boolean ordered = e.normalName().equals("ol");
        int start = ordered ? integer(e.attr("start")).orElse(1) : 1;
        List<List<Node>> items = new ArrayList<>();
        for (org.jsoup.nodes.Node child : e.childNodes()) {
            List<Node> item = switch (child) {
                case Element li when li.normalName().equals("li") ->
                        depth + 1 > MAX_DEPTH ? element(li, depth + 1) : blockContent(li, depth + 1);
                case Element other -> element(other, depth + 1);
                case TextNode text -> normalise(List.of(new Text(collapse(text.getWholeText()))), true);
                default -> List.of();
            };
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items.isEmpty() ? List.of() : List.of(new ListBlock(ordered, start, items));
    }

    /** A table row as one line, its cells separated by tabs, as the spec suggests for clients without tables. */
    private static List<Node> row(Element tr, int depth) {
        List<Node> line = new ArrayList<>();
        for (Element cell : tr.children()) {
            if (!line.isEmpty()) {
                line.add(new Text("\t"));
            }
            line.addAll(inlineContent(cell, depth + 1));
        }
        return nonEmpty(normalise(line, true), Paragraph::new);
    }

    /** Content as blocks: runs of inline nodes between blocks become paragraphs. */
    private static List<Node> paragraphs(List<Node> content) {
        List<Node> out = new ArrayList<>();
        List<Node> run = new ArrayList<>();
        for (Node node : content) {
            if (Nodes.isBlock(node)) {
                out.addAll(nonEmpty(normalise(run, true), Paragraph::new));
                run = new ArrayList<>();
                out.add(node);
            } else {
                run.add(node);
            }
        }
        out.addAll(nonEmpty(normalise(run, true), Paragraph::new));
        return out;
    }

    /**
     * Merges adjacent text and drops the spaces HTML does not show: those next to line breaks and blocks, and at the
     * edges of a block ({@code atEdges}).
     */
    private static List<Node> normalise(List<Node> nodes, boolean atEdges) {
        List<Node> merged = new ArrayList<>();
        for (Node node : nodes) {
            if (node instanceof Text(String text) && !merged.isEmpty()
                    && merged.getLast() instanceof Text(String before)) {
                merged.set(merged.size() - 1, new Text(before + text));
            } else {
                merged.add(node);
            }
        }
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < merged.size(); i++) {
            if (merged.get(i) instanceof Text(String text)) {
                boolean startsLine = i == 0 ? atEdges : breaksLine(merged.get(i - 1));
                boolean endsLine = i == merged.size() - 1 ? atEdges : breaksLine(merged.get(i + 1));
                int from = 0;
                int to = text.length();
                while (startsLine && from < to && text.charAt(from) == ' ') {
                    from++;
                }
                while (endsLine && to > from && text.charAt(to - 1) == ' ') {
                    to--;
                }
                addText(text.substring(from, to), out);
            } else {
                out.add(merged.get(i));
            }
        }
        return out;
    }

    private static boolean breaksLine(Node node) {
        return node instanceof LineBreak || Nodes.isBlock(node);
    }

    private static void addText(String text, List<Node> out) {
        if (!text.isEmpty()) {
            out.add(new Text(text));
        }
    }

    /** HTML's white-space collapsing outside {@code pre}: every run of ASCII white space shows as one space. */
    private static String collapse(String text) {
        return WHITESPACE.matcher(text).replaceAll(" ");
    }
}
