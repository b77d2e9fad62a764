package dev.mxbridge.slack;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.format.Style;
import java.util.List;
import java.util.Optional;

/**
 * The core's rich-text model to Slack's mrkdwn, the inverse of {@link Mrkdwn}: styles Slack has become its
 * delimiters, others show their text plainly; user pills become {@code <@U…>} where the Matrix user stands for a
 * Slack user, room links {@code <#C…>} where the room is a Slack channel's portal, {@code @room}
 * {@code <!channel>}; all text is escaped, so Matrix text cannot make Slack mentions or links of its own.
 */
final class MrkdwnWriter {

    /** How Matrix mentions become Slack references. */
    interface Refs {
        /** The Slack user a Matrix user stands for (a ghost, or a logged-in user). */
        Optional<String> slackUser(String matrixUserId);

        /** The Slack channel of a room alias or id, if it is a portal's. */
        Optional<String> slackChannel(String roomAliasOrId);
    }

    private final Refs refs;

    MrkdwnWriter(Refs refs) {
        this.refs = refs;
    }

    String write(FormattedText text) {
        StringBuilder out = new StringBuilder();
        blocks(text.nodes(), out);
        return out.toString().strip();
    }

    private void blocks(List<Node> nodes, StringBuilder out) {
        boolean lineStart = true;
        for (Node node : nodes) {
            if (isBlock(node)) {
                if (!lineStart) {
                    out.append('\n');
                }
                block(node, out);
                out.append('\n');
                lineStart = true;
            } else {
                inline(node, out);
                lineStart = node instanceof Node.LineBreak;
            }
        }
    }

    private static boolean isBlock(Node node) {
        return node instanceof Node.Paragraph || node instanceof Node.Heading || node instanceof Node.Quote
                || node instanceof Node.CodeBlock || node instanceof Node.ListBlock || node instanceof Node.Rule;
    }

    private void block(Node node, StringBuilder out) {
        switch (node) {
            case Node.Paragraph p -> inlines(p.children(), out);
            case Node.Heading h -> {
                out.append('*');
                inlines(h.children(), out);
                out.append('*');
            }
            case Node.Quote q -> {
                StringBuilder inner = new StringBuilder();
                blocks(q.children(), inner);
                inner.toString().strip().lines().forEach(l -> out.append("> ").append(l).append('\n'));
                out.setLength(out.length() - 1);
            }
            case Node.CodeBlock c -> out.append("```\n").append(escape(c.code())).append("\n```");
            case Node.ListBlock l -> list(l, "", out);
            case Node.Rule r -> out.append("───");
            default -> inline(node, out);
        }
    }

    private void list(Node.ListBlock list, String indent, StringBuilder out) {
        int number = list.start();
        for (List<Node> item : list.items()) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
            out.append(indent).append(list.ordered() ? number++ + ". " : "• ");
            for (Node n : item) {
                if (n instanceof Node.ListBlock nested) {
                    out.append('\n');
                    list(nested, indent + "    ", out);
                } else if (n instanceof Node.Paragraph p) {
                    inlines(p.children(), out);
                } else {
                    inline(n, out);
                }
            }
        }
    }

    private void inlines(List<Node> nodes, StringBuilder out) {
        nodes.forEach(n -> inline(n, out));
    }

    private void inline(Node node, StringBuilder out) {
        switch (node) {
            case Node.Text t -> out.append(escape(t.text()));
            case Node.Styled s -> styled(s, out);
            case Node.Link l -> {
                String label = plain(l.children());
                out.append('<').append(escape(l.url()).replace("|", "%7C"));
                if (!label.isEmpty() && !label.equals(l.url())) {
                    out.append('|').append(escape(label).replace("|", "¦"));
                }
                out.append('>');
            }
            case Node.Mention m -> mention(m, out);
            case Node.Image i -> out.append(escape(i.alt()));
            case Node.LineBreak b -> out.append('\n');
            default -> block(node, out);
        }
    }

    private void styled(Node.Styled s, StringBuilder out) {
        String mark = switch (s.style()) {
            case Style.Basic.BOLD -> "*";
            case Style.Basic.ITALIC -> "_";
            case Style.Basic.STRIKETHROUGH -> "~";
            case Style.Basic.MONOSPACE -> "`";
            default -> "";
        };
        if (mark.equals("`")) {
            out.append('`').append(escape(plain(s.children()))).append('`');
            return;
        }
        out.append(mark);
        inlines(s.children(), out);
        out.append(mark);
    }

    private void mention(Node.Mention m, StringBuilder out) {
        Optional<String> ref = switch (m.target()) {
            case MentionTarget.User u -> refs.slackUser(u.id().value()).map(id -> "<@" + id + ">");
            case MentionTarget.Room r -> refs.slackChannel(r.id().value()).map(id -> "<#" + id + ">");
            case MentionTarget.Alias a -> refs.slackChannel(a.alias().value()).map(id -> "<#" + id + ">");
            case MentionTarget.Everyone e -> Optional.of("<!channel>");
        };
        out.append(ref.orElseGet(() -> escape(m.displayText())));
    }

    private static String plain(List<Node> nodes) {
        return new FormattedText(nodes).toPlainText();
    }

    /** Slack reads {@code <}, {@code >} and {@code &} as markup; everything else is text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
