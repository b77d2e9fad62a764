package dev.mxbridge.irc;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
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
import dev.mxbridge.core.format.Style;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Converts between IRC formatting codes and the core's rich-text model ({@link FormattedText}).
 *
 * <p>{@link #parse} reads bold, italic, underline, strikethrough, monospace, {@code \x03} colours (mIRC numbers 0 to
 * 98) and {@code \x04} hex colours; text in the same colour on the same background becomes a spoiler; reverse video
 * is dropped (Matrix has no equivalent). IRC text only ever becomes {@link Text} nodes, so whatever it contains,
 * {@code <script>} included, reaches Matrix escaped. Other control characters, CTCP's {@code \x01} among them, are
 * dropped.
 *
 * <p>{@link #render} writes the model as IRC text, one IRC line per line of the result (separated by {@code \n}),
 * each line carrying its own codes because IRC clients reset formatting at each line. Colours without an mIRC number
 * become the nearest of the 16 basic colours; spoilers become black on black; links show their target
 * ({@code text (url)}); mentions their display text; blocks become lines ({@code > } for quotes, {@code * } and
 * numbers for lists, monospace for code). Control characters in the model's text are dropped, so Matrix users cannot
 * forge formatting or CTCP.
 */
public final class IrcFormat {

    private static final IrcStyle.Numbered SPOILER = new IrcStyle.Numbered(1);

    private IrcFormat() {
    }

    /** Reads IRC text, one or more lines, into the model. */
    public static FormattedText parse(String irc) {
        return new FormattedText(new Parser().parse(irc));
    }

    /** Writes the model as IRC text: lines separated by {@code \n}, no CR, no NUL. */
    public static String render(FormattedText text) {
        Renderer renderer = new Renderer();
        renderer.nodes(text.nodes(), IrcStyle.PLAIN);
        return renderer.out.toString();
    }

    /** Builds the node tree from runs of text in one style, sharing outer style nodes between neighbouring runs. */
    private static final class Parser {
        private record Open(Style style, List<Node> children) {
        }

        private final List<Node> top = new ArrayList<>();
        private final Deque<Open> open = new ArrayDeque<>();
        private final StringBuilder text = new StringBuilder();
        private IrcStyle style = IrcStyle.PLAIN;

        List<Node> parse(String irc) {
            for (int i = 0; i < irc.length(); ) {
                char c = irc.charAt(i);
                int code = IrcStyle.codeLength(irc, i);
                if (code > 0) {
                    flush();
                    style = style.apply(irc, i, code);
                    i += code;
                } else if (c == '\r' || c == '\n') {
                    flush();
                    closeTo(0);
                    top.add(new LineBreak());
                    style = IrcStyle.PLAIN;
                    i += c == '\r' && i + 1 < irc.length() && irc.charAt(i + 1) == '\n' ? 2 : 1;
                } else {
                    if (c >= ' ' && c != '\u007F' || c == '\t') {
                        text.append(c);
                    }
                    i++;
                }
            }
            flush();
            closeTo(0);
            return top;
        }

        private void flush() {
            if (text.isEmpty()) {
                return;
            }
            List<Style> wanted = styles(style);
            // open is a stack with the innermost on top; compare from the outermost.
            List<Open> outerFirst = new ArrayList<>(open.reversed());
            int common = 0;
            while (common < outerFirst.size() && common < wanted.size()
                    && outerFirst.get(common).style().equals(wanted.get(common))) {
                common++;
            }
            closeTo(common);
            for (Style s : wanted.subList(common, wanted.size())) {
                open.push(new Open(s, new ArrayList<>()));
            }
            List<Node> into = current();
            // A code that changes nothing visible (reverse) leaves one run of text.
            if (!into.isEmpty() && into.getLast() instanceof Text(String before)) {
                into.set(into.size() - 1, new Text(before + text));
            } else {
                into.add(new Text(text.toString()));
            }
            text.setLength(0);
        }

        private void closeTo(int depth) {
            while (open.size() > depth) {
                Open closed = open.pop();
                current().add(new Styled(closed.style(), closed.children()));
            }
        }

        private List<Node> current() {
            return open.isEmpty() ? top : open.peek().children();
        }

        /** The model's styles for a state, outermost first: colour, then the toggles in a fixed order. */
        private static List<Style> styles(IrcStyle s) {
            List<Style> styles = new ArrayList<>();
            if (s.foreground().isPresent() && s.background().isPresent()
                    && s.foreground().get().rgb().equals(s.background().get().rgb())) {
                styles.add(Style.Spoiler.of());
            } else if (s.foreground().isPresent() || s.background().isPresent()) {
                styles.add(new Style.Colour(s.foreground().map(IrcStyle.Colour::rgb),
                        s.background().map(IrcStyle.Colour::rgb)));
            }
            if (s.bold()) {
                styles.add(Style.Basic.BOLD);
            }
            if (s.italic()) {
                styles.add(Style.Basic.ITALIC);
            }
            if (s.underline()) {
                styles.add(Style.Basic.UNDERLINE);
            }
            if (s.strikethrough()) {
                styles.add(Style.Basic.STRIKETHROUGH);
            }
            if (s.monospace()) {
                styles.add(Style.Basic.MONOSPACE);
            }
            return styles;
        }
    }

    /**
     * Walks the tree with the style each piece of text should have, and writes codes only where the style on the
     * line differs; at every line break the line's style starts plain again.
     */
    private static final class Renderer {
        final StringBuilder out = new StringBuilder();
        private IrcStyle onLine = IrcStyle.PLAIN;
        private boolean afterBlock;

        void nodes(List<Node> nodes, IrcStyle style) {
            for (Node node : nodes) {
                if (isBlock(node)) {
                    if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
                        newLine();
                    }
                    block(node, style);
                    afterBlock = true;
                } else {
                    if (afterBlock) {
                        newLine();
                        afterBlock = false;
                    }
                    inline(node, style);
                }
            }
        }

        private void inline(Node node, IrcStyle style) {
            switch (node) {
                case Text(String text) -> write(text, style);
                case LineBreak() -> newLine();
                case Styled(Style s, List<Node> children) -> nodes(children, apply(style, s));
                case Link(String url, List<Node> children) -> link(url, children, style);
                case Mention mention -> write(display(mention), style);
                case Image image -> write(image.alt(), style);
                default -> throw new IllegalStateException("not inline: " + node);
            }
        }

        private void block(Node node, IrcStyle style) {
            switch (node) {
                case Paragraph(List<Node> children) -> nodes(children, style);
                case Heading(int level, List<Node> children) -> nodes(children, style.withBold());
                case Quote(List<Node> children) -> prefixed(children, style, "> ", "> ");
                case CodeBlock(var language, String code) -> {
                    String[] lines = code.split("\n", -1);
                    for (int i = 0; i < lines.length; i++) {
                        if (i > 0) {
                            newLine();
                        }
                        write(lines[i], style.withMonospace());
                    }
                }
                case ListBlock list -> list(list, style);
                case Rule() -> write("---", style);
                default -> throw new IllegalStateException("not a block: " + node);
            }
        }

        private void list(ListBlock list, IrcStyle style) {
            int width = String.valueOf(list.start() + list.items().size() - 1).length() + 2;
            for (int i = 0; i < list.items().size(); i++) {
                if (i > 0) {
                    newLine();
                }
                String marker = list.ordered() ? (list.start() + i) + ". " : "* ";
                prefixed(list.items().get(i), style, marker, " ".repeat(list.ordered() ? width : marker.length()));
            }
        }

        /** Renders the nodes on their own and writes each of their lines with a prefix. */
        private void prefixed(List<Node> children, IrcStyle style, String first, String rest) {
            Renderer inner = new Renderer();
            inner.nodes(children, style);
            String[] lines = inner.out.toString().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (i > 0) {
                    newLine();
                }
                writeRaw((i == 0 ? first : rest) + lines[i]);
            }
        }

        private void link(String url, List<Node> children, IrcStyle style) {
            String shown = plain(children);
            if (children.isEmpty() || shown.isBlank() || shown.equals(url) || ("mailto:" + shown).equalsIgnoreCase(url)) {
                write(shown.isBlank() ? url : shown, style);
            } else {
                nodes(children, style);
                write(" (" + url + ")", style);
            }
        }

        private void write(String text, IrcStyle style) {
            String clean = withoutControls(text);
            if (clean.isEmpty()) {
                return;
            }
            out.append(onLine.transition(style, clean.charAt(0)));
            onLine = style;
            out.append(clean);
        }

        /** Appends text that is already IRC text (rendered codes included) on the current line. */
        private void writeRaw(String irc) {
            out.append(irc);
            onLine = stateAfter(irc);
        }

        private void newLine() {
            out.append('\n');
            onLine = IrcStyle.PLAIN;
        }

        private static IrcStyle apply(IrcStyle style, Style s) {
            return switch (s) {
                case Style.Basic basic -> switch (basic) {
                    case BOLD -> style.withBold();
                    case ITALIC -> style.withItalic();
                    case UNDERLINE -> style.withUnderline();
                    case STRIKETHROUGH -> style.withStrikethrough();
                    case MONOSPACE -> style.withMonospace();
                    case SUPERSCRIPT, SUBSCRIPT -> style;
                };
                case Style.Spoiler spoiler -> style.withColours(Optional.of(SPOILER), Optional.of(SPOILER));
                case Style.Colour(var fg, var bg) -> style.withColours(
                        fg.map(rgb -> new IrcStyle.Numbered(MircPalette.number(rgb))),
                        bg.map(rgb -> new IrcStyle.Numbered(MircPalette.number(rgb))));
            };
        }

        private static String plain(List<Node> nodes) {
            return new FormattedText(nodes).toPlainText();
        }

        private static boolean isBlock(Node node) {
            return node instanceof Paragraph || node instanceof Heading || node instanceof Quote
                    || node instanceof CodeBlock || node instanceof ListBlock || node instanceof Rule;
        }

        private static String display(Mention mention) {
            if (!mention.displayText().isEmpty()) {
                return mention.displayText();
            }
            return switch (mention.target()) {
                case MentionTarget.Room(var id) -> id.value();
                case MentionTarget.Alias(var alias) -> alias.value();
                case MentionTarget.User u -> "";
                case MentionTarget.Everyone e -> "";
            };
        }
    }

    /** The style in force at the end of a line of IRC text. */
    static IrcStyle stateAfter(String irc) {
        IrcStyle style = IrcStyle.PLAIN;
        for (int i = 0; i < irc.length(); ) {
            int code = IrcStyle.codeLength(irc, i);
            if (code > 0) {
                style = style.apply(irc, i, code);
                i += code;
            } else {
                i++;
            }
        }
        return style;
    }

    /** The text without C0 control characters (formatting codes, CTCP's {@code \x01}, NUL) other than tab. */
    static String withoutControls(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < ' ' && c != '\t' || c == '\u007F';
            if (control && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            } else if (!control && out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
