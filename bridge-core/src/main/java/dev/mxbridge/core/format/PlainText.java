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

/** Renders nodes as plain text for a Matrix {@code body}; see {@link FormattedText#toPlainText()}. */
final class PlainText {

    private PlainText() {
    }

    static String render(List<Node> nodes) {
        StringBuilder out = new StringBuilder();
        boolean afterBlock = false;
        for (Node node : nodes) {
            if (Nodes.isBlock(node)) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
                out.append(block(node));
                afterBlock = true;
            } else {
                if (afterBlock) {
                    out.append('\n');
                    afterBlock = false;
                }
                out.append(inline(node));
            }
        }
        return out.toString();
    }

    private static String block(Node node) {
        return switch (node) {
            case Paragraph(List<Node> children) -> render(children);
            case Heading(int level, List<Node> children) -> "#".repeat(level) + " " + render(children);
            case Quote(List<Node> children) -> prefixLines(render(children), "> ", "> ");
            case CodeBlock(var language, String code) -> "```" + language.orElse("") + "\n" + code + "\n```";
            case ListBlock list -> list(list);
            case Rule() -> "---";
            default -> throw new IllegalStateException("not a block: " + node);
        };
    }

    private static String list(ListBlock list) {
        StringBuilder out = new StringBuilder();
        int width = String.valueOf(list.start() + list.items().size() - 1).length() + 2;
        for (int i = 0; i < list.items().size(); i++) {
            String marker = list.ordered() ? (list.start() + i) + ". " : "* ";
            if (i > 0) {
                out.append('\n');
            }
            String indent = " ".repeat(list.ordered() ? width : marker.length());
            out.append(prefixLines(render(list.items().get(i)), marker, indent));
        }
        return out.toString();
    }

    private static String prefixLines(String text, String first, String rest) {
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            String prefix = i == 0 ? first : rest;
            out.append(lines[i].isEmpty() ? prefix.stripTrailing() : prefix + lines[i]);
        }
        return out.toString();
    }

    private static String inline(Node node) {
        return switch (node) {
            case Text(String text) -> text;
            case LineBreak() -> "\n";
            case Styled(Style.Spoiler(var reason), var children) ->
                    reason.map(r -> "[Spoiler for " + r + "]").orElse("[Spoiler]");
            case Styled(Style style, List<Node> children) -> render(children);
            case Link(String url, List<Node> children) -> link(url, render(children));
            case Mention mention -> display(mention);
            case Image(var source, String alt, var width, var height) -> alt;
            default -> throw new IllegalStateException("not inline: " + node);
        };
    }

    private static String link(String url, String text) {
        if (text.isBlank() || text.equals(url) || ("mailto:" + text).equalsIgnoreCase(url)) {
            return text.isBlank() ? url : text;
        }
        return text + " (" + url + ")";
    }

    /** What a mention shows: its display text, or for an unnamed room pill the room's id or alias. */
    static String display(Mention mention) {
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
