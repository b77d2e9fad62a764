package dev.mxbridge.telegram;

import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.format.Style;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;

/**
 * Telegram message entities to the core's rich-text model. Offsets and lengths count UTF-16 code units, as Java
 * strings do; entities nest (Telegram sends no partial overlaps, and one that slips through is cut at its parent's
 * end). {@code pre} becomes a code block and {@code blockquote} a quote; mentions become pills where the user is known.
 */
final class Entities {
    /** Finds the ghost pill for a mentioned Telegram user. */
    interface Mentions {
        /** A pill for the user with this id, showing {@code text}. */
        Node byId(long userId, String text);

        /** A pill for {@code @username} (without the @), if the bridge knows who that is. */
        Optional<Node> byUsername(String username, String text);
    }

    private Entities() {
    }

    static FormattedText toFormatted(String text, List<MessageEntity> entities, Mentions mentions) {
        List<MessageEntity> sorted = new ArrayList<>(entities == null ? List.of() : entities);
        sorted.removeIf(e -> e.getOffset() == null || e.getLength() == null || e.getLength() <= 0
                || e.getOffset() >= text.length());
        sorted.sort(Comparator.comparingInt(MessageEntity::getOffset).thenComparing(e -> -e.getLength()));
        return new FormattedText(build(text, 0, text.length(), sorted, mentions));
    }

    private static List<Node> build(String text, int from, int to, List<MessageEntity> inside, Mentions mentions) {
        List<Node> nodes = new ArrayList<>();
        int cursor = from;
        int i = 0;
        while (i < inside.size()) {
            MessageEntity e = inside.get(i);
            int start = Math.max(e.getOffset(), cursor);
            int end = Math.min(e.getOffset() + e.getLength(), to);
            List<MessageEntity> children = new ArrayList<>();
            int j = i + 1;
            while (j < inside.size() && inside.get(j).getOffset() < end) {
                children.add(inside.get(j));
                j++;
            }
            i = j;
            if (start >= end) {
                continue;
            }
            nodes.addAll(Node.Text.lines(text.substring(cursor, start)));
            nodes.addAll(wrap(e, text.substring(start, end), build(text, start, end, children, mentions), mentions));
            cursor = end;
        }
        nodes.addAll(Node.Text.lines(text.substring(cursor, to)));
        return nodes;
    }

    private static List<Node> wrap(MessageEntity e, String covered, List<Node> children, Mentions mentions) {
        Node node = switch (e.getType()) {
            case "bold" -> new Node.Styled(Style.Basic.BOLD, children);
            case "italic" -> new Node.Styled(Style.Basic.ITALIC, children);
            case "underline" -> new Node.Styled(Style.Basic.UNDERLINE, children);
            case "strikethrough" -> new Node.Styled(Style.Basic.STRIKETHROUGH, children);
            case "spoiler" -> new Node.Styled(Style.Spoiler.of(), children);
            case "code" -> new Node.Styled(Style.Basic.MONOSPACE, children);
            case "pre" -> new Node.CodeBlock(Optional.ofNullable(e.getLanguage()), covered.replaceAll("\n+$", ""));
            case "blockquote", "expandable_blockquote" -> new Node.Quote(children);
            case "text_link" -> new Node.Link(e.getUrl(), children);
            case "url" -> new Node.Link(covered.contains("://") ? covered : "https://" + covered, children);
            case "email" -> new Node.Link("mailto:" + covered, children);
            case "text_mention" -> e.getUser() != null ? mentions.byId(e.getUser().getId(), covered) : null;
            case "mention" -> mentions.byUsername(covered.substring(1), covered).orElse(null);
            default -> null;
        };
        return node == null ? children : List.of(node);
    }
}
