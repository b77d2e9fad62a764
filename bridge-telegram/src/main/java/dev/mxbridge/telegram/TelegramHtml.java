package dev.mxbridge.telegram;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.format.Style;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The core's rich-text model to Telegram's HTML {@code parse_mode}: the tags Telegram knows ({@code b i u s code pre
 * a blockquote tg-spoiler}), everything else as plain text (headings bold, lists as bullets). A pill of a Telegram
 * user's ghost becomes {@code tg://user?id=}, so Telegram shows a real mention; other pills show the name.
 */
final class TelegramHtml {
    private final Function<String, Optional<Long>> telegramUserOf;

    /** @param telegramUserOf the Telegram user id a Matrix user id stands for (a ghost), if any */
    TelegramHtml(Function<String, Optional<Long>> telegramUserOf) {
        this.telegramUserOf = telegramUserOf;
    }

    String render(FormattedText text) {
        StringBuilder out = new StringBuilder();
        nodes(text.nodes(), out);
        return out.toString().strip();
    }

    private void nodes(List<Node> nodes, StringBuilder out) {
        for (Node node : nodes) {
            node(node, out);
        }
    }

    private void node(Node node, StringBuilder out) {
        switch (node) {
            case Node.Text t -> out.append(escape(t.text()));
            case Node.LineBreak b -> out.append('\n');
            case Node.Styled s -> styled(s.style(), s.children(), out);
            case Node.Link l -> {
                out.append("<a href=\"").append(escape(l.url())).append("\">");
                if (l.children().isEmpty()) {
                    out.append(escape(l.url()));
                } else {
                    nodes(l.children(), out);
                }
                out.append("</a>");
            }
            case Node.Mention m -> mention(m, out);
            case Node.Image i -> out.append(escape(i.alt()));
            case Node.Paragraph p -> block(out, () -> nodes(p.children(), out));
            case Node.Heading h -> block(out, () -> tag("b", h.children(), out));
            case Node.Quote q -> block(out, () -> {
                out.append("<blockquote>");
                int start = out.length();
                nodes(q.children(), out);
                trimTrailingNewlines(out, start);
                out.append("</blockquote>");
            });
            case Node.CodeBlock c -> block(out, () -> {
                out.append("<pre>");
                c.language().ifPresent(l -> out.append("<code class=\"language-").append(escape(l)).append("\">"));
                out.append(escape(c.code()));
                c.language().ifPresent(l -> out.append("</code>"));
                out.append("</pre>");
            });
            case Node.ListBlock l -> block(out, () -> {
                int n = l.start();
                for (List<Node> item : l.items()) {
                    out.append(l.ordered() ? (n++) + ". " : "• ");
                    nodes(item, out);
                    out.append('\n');
                }
            });
            case Node.Rule r -> block(out, () -> out.append("———"));
        }
    }

    private void styled(Style style, List<Node> children, StringBuilder out) {
        switch (style) {
            case Style.Basic b -> {
                switch (b) {
                    case BOLD -> tag("b", children, out);
                    case ITALIC -> tag("i", children, out);
                    case UNDERLINE -> tag("u", children, out);
                    case STRIKETHROUGH -> tag("s", children, out);
                    case MONOSPACE -> tag("code", children, out);
                    case SUPERSCRIPT, SUBSCRIPT -> nodes(children, out);
                }
            }
            case Style.Spoiler s -> tag("tg-spoiler", children, out);
            case Style.Colour c -> nodes(children, out);
        }
    }

    private void mention(Node.Mention m, StringBuilder out) {
        if (m.displayText().isEmpty()) {
            return;
        }
        Optional<Long> user = m.target() instanceof MentionTarget.User u ? telegramUserOf.apply(u.id().value())
                : Optional.empty();
        if (user.isPresent()) {
            out.append("<a href=\"tg://user?id=").append(user.get()).append("\">").append(escape(m.displayText()))
                    .append("</a>");
        } else {
            out.append(escape(m.displayText()));
        }
    }

    private void tag(String name, List<Node> children, StringBuilder out) {
        out.append('<').append(name).append('>');
        nodes(children, out);
        out.append("</").append(name).append('>');
    }

    private static void block(StringBuilder out, Runnable body) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '\n') {
            out.append('\n');
        }
        body.run();
        out.append('\n');
    }

    private static void trimTrailingNewlines(StringBuilder out, int start) {
        while (out.length() > start && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
