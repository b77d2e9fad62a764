package dev.mxbridge.slack;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.format.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack's mrkdwn to the core's rich-text model: {@code *bold*}, {@code _italic_}, {@code ~strike~}, {@code `code`},
 * code blocks in triple backticks, {@code >} quotes, bulleted and numbered lists, {@code <url|text>} links,
 * {@code <@U…>} user and {@code <#C…>} channel mentions, {@code <!here>}/{@code <!channel>}/{@code <!everyone>} as
 * {@code @room}, {@code &amp;}/{@code &lt;}/{@code &gt;} and {@code :emoji:} names. Text of a single paragraph stays
 * inline (no HTML is needed for a plain message); what Slack would not format is kept as text.
 */
final class Mrkdwn {
    private static final Pattern LIST_ITEM = Pattern.compile("^(\\s*)(?:([•◦▪\\-])|(\\d+)[.)])\\s+(.*)$");
    private static final Pattern QUOTE = Pattern.compile("^(?:&gt;|>) ?(.*)$");

    /** How mentions of Slack users and channels become nodes. */
    interface Refs {
        /** A {@code <@U…>} mention; {@code label} is the name Slack put after {@code |}, if any. */
        Node user(String userId, Optional<String> label);

        /** A {@code <#C…>} mention. */
        Node channel(String channelId, Optional<String> label);

        /** A {@code :name:} that is no standard emoji: a workspace's custom emoji as a node, if it is one. */
        default Optional<Node> customEmoji(String name) {
            return Optional.empty();
        }
    }

    private final Refs refs;

    Mrkdwn(Refs refs) {
        this.refs = refs;
    }

    FormattedText parse(String text) {
        List<Node> blocks = new ArrayList<>();
        boolean onlyParagraphs = true;
        int at = 0;
        while (at <= text.length()) {
            int open = text.indexOf("```", at);
            int close = open < 0 ? -1 : text.indexOf("```", open + 3);
            if (close < 0) {
                onlyParagraphs &= lines(text.substring(at), blocks);
                break;
            }
            onlyParagraphs &= lines(text.substring(at, open), blocks);
            String code = text.substring(open + 3, close);
            code = code.startsWith("\n") ? code.substring(1) : code;
            code = code.endsWith("\n") ? code.substring(0, code.length() - 1) : code;
            blocks.add(new Node.CodeBlock(Optional.empty(), decode(code)));
            onlyParagraphs = false;
            at = close + 3;
            if (at < text.length() && text.charAt(at) == '\n') {
                at++;
            }
        }
        if (onlyParagraphs) {
            List<Node> inline = new ArrayList<>();
            for (Node block : blocks) {
                if (!inline.isEmpty()) {
                    inline.add(new Node.LineBreak());
                    inline.add(new Node.LineBreak());
                }
                inline.addAll(((Node.Paragraph) block).children());
            }
            return new FormattedText(inline);
        }
        return new FormattedText(blocks);
    }

    /** Adds the blocks of text without code blocks; returns whether all were paragraphs. */
    private boolean lines(String text, List<Node> blocks) {
        if (text.isEmpty()) {
            return true;
        }
        String[] lines = text.split("\n", -1);
        boolean onlyParagraphs = true;
        int i = 0;
        while (i < lines.length) {
            if (QUOTE.matcher(lines[i]).matches()) {
                StringBuilder quoted = new StringBuilder();
                for (; i < lines.length && QUOTE.matcher(lines[i]).matches(); i++) {
                    Matcher m = QUOTE.matcher(lines[i]);
                    m.matches();
                    quoted.append(quoted.isEmpty() ? "" : "\n").append(m.group(1));
                }
                blocks.add(new Node.Quote(parse(quoted.toString()).nodes()));
                onlyParagraphs = false;
            } else if (LIST_ITEM.matcher(lines[i]).matches()) {
                i = list(lines, i, blocks);
                onlyParagraphs = false;
            } else if (lines[i].isBlank()) {
                i++;
            } else {
                List<Node> paragraph = new ArrayList<>();
                for (; i < lines.length && !lines[i].isBlank() && !QUOTE.matcher(lines[i]).matches()
                        && !LIST_ITEM.matcher(lines[i]).matches(); i++) {
                    if (!paragraph.isEmpty()) {
                        paragraph.add(new Node.LineBreak());
                    }
                    paragraph.addAll(inline(lines[i]));
                }
                blocks.add(new Node.Paragraph(paragraph));
            }
        }
        return onlyParagraphs;
    }

    /** A list starting at line {@code i}; deeper-indented items nest. Returns the first line after it. */
    private int list(String[] lines, int i, List<Node> blocks) {
        Matcher first = LIST_ITEM.matcher(lines[i]);
        first.matches();
        int indent = first.group(1).length();
        boolean ordered = first.group(3) != null;
        int start = ordered ? Integer.parseInt(first.group(3)) : 1;
        List<List<Node>> items = new ArrayList<>();
        while (i < lines.length) {
            Matcher m = LIST_ITEM.matcher(lines[i]);
            if (!m.matches() || m.group(1).length() < indent || (m.group(1).length() == indent && (m.group(3) != null) != ordered)) {
                break;
            }
            if (m.group(1).length() > indent && !items.isEmpty()) {
                List<Node> nested = new ArrayList<>();
                i = list(lines, i, nested);
                List<Node> last = new ArrayList<>(items.removeLast());
                last.addAll(nested);
                items.add(last);
                continue;
            }
            items.add(inline(m.group(4)));
            i++;
        }
        blocks.add(new Node.ListBlock(ordered, start, items));
        return i;
    }

    /** One line's inline content. */
    List<Node> inline(String line) {
        List<Node> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            int end;
            if (c == '<' && (end = line.indexOf('>', i + 1)) > i) {
                flush(text, out);
                out.add(reference(line.substring(i + 1, end)));
                i = end + 1;
            } else if (c == '`' && (end = line.indexOf('`', i + 1)) > i + 1) {
                flush(text, out);
                out.add(new Node.Styled(Style.Basic.MONOSPACE, List.of(new Node.Text(decode(line.substring(i + 1, end))))));
                i = end + 1;
            } else if ((c == '*' || c == '_' || c == '~') && opens(line, i) && (end = closing(line, i)) > 0) {
                flush(text, out);
                Style style = c == '*' ? Style.Basic.BOLD : c == '_' ? Style.Basic.ITALIC : Style.Basic.STRIKETHROUGH;
                out.add(new Node.Styled(style, inline(line.substring(i + 1, end))));
                i = end + 1;
            } else {
                text.append(c);
                i++;
            }
        }
        flush(text, out);
        return out;
    }

    private Node reference(String inside) {
        int bar = inside.indexOf('|');
        String target = bar < 0 ? inside : inside.substring(0, bar);
        Optional<String> label = bar < 0 ? Optional.empty() : Optional.of(decode(inside.substring(bar + 1)));
        if (target.startsWith("@")) {
            return refs.user(target.substring(1), label);
        }
        if (target.startsWith("#")) {
            return refs.channel(target.substring(1), label);
        }
        if (target.startsWith("!")) {
            String special = target.substring(1);
            if (special.equals("here") || special.equals("channel") || special.equals("everyone")) {
                return new Node.Mention(new MentionTarget.Everyone(), "@room");
            }
            return new Node.Text(label.orElse("@" + special.replaceFirst("\\^.*", "")));
        }
        String url = decode(target);
        return new Node.Link(url, label.filter(l -> !l.equals(url)).map(l -> List.<Node>of(new Node.Text(l))).orElse(List.of()));
    }

    /** Whether a style character at {@code i} can open a span: after a non-word character, before a non-space. */
    private static boolean opens(String line, int i) {
        boolean before = i == 0 || !Character.isLetterOrDigit(line.charAt(i - 1));
        return before && i + 1 < line.length() && !Character.isWhitespace(line.charAt(i + 1)) && line.charAt(i + 1) != line.charAt(i);
    }

    /** Where the span opened at {@code open} closes: the same character after a non-space, before a non-word one. */
    private static int closing(String line, int open) {
        char c = line.charAt(open);
        for (int j = line.indexOf(c, open + 2); j > 0; j = line.indexOf(c, j + 1)) {
            boolean after = j + 1 == line.length() || !Character.isLetterOrDigit(line.charAt(j + 1));
            if (after && !Character.isWhitespace(line.charAt(j - 1))) {
                return j;
            }
        }
        return -1;
    }

    /** Plain text so far, with emoji names as Unicode, and custom emoji as what {@link Refs#customEmoji} makes them. */
    private void flush(StringBuilder text, List<Node> out) {
        if (text.isEmpty()) {
            return;
        }
        String plain = Emojis.replaceShortcodes(decode(text.toString()));
        text.setLength(0);
        Matcher m = Emojis.SHORTCODE.matcher(plain);
        int from = 0;
        while (m.find()) {
            Optional<Node> custom = refs.customEmoji(m.group(1));
            if (custom.isPresent()) {
                if (m.start() > from) {
                    out.add(new Node.Text(plain.substring(from, m.start())));
                }
                out.add(custom.get());
                from = m.end();
            }
        }
        if (from < plain.length()) {
            out.add(new Node.Text(plain.substring(from)));
        }
    }

    /** Slack escapes only these three in message text. */
    static String decode(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
