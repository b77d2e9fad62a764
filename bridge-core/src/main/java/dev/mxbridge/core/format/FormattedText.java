package dev.mxbridge.core.format;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.Node.LineBreak;
import dev.mxbridge.core.format.Node.Mention;
import dev.mxbridge.core.format.Node.Text;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.stream.Collectors;

/**
 * A message's text with its formatting and mentions, independent of any network's syntax: a sequence of
 * {@link Node}s. Converters read Matrix content ({@link MatrixHtml#fromContent}) or a network's syntax into it and
 * write it out again, so each network only converts between this model and its own syntax.
 *
 * @param nodes the content, in order
 */
public record FormattedText(List<Node> nodes) {

    public FormattedText {
        nodes = List.copyOf(nodes);
    }

    public static FormattedText of(Node... nodes) {
        return new FormattedText(List.of(nodes));
    }

    /** Unformatted text; its line breaks become {@link LineBreak}s. */
    public static FormattedText plain(String text) {
        return new FormattedText(Text.lines(text));
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /**
     * The text without formatting, as a Matrix {@code body} carries it: mentions as their display text, links as
     * {@code text (url)} when the two differ, code blocks fenced with {@code ```}, quotes prefixed with {@code > },
     * list items with {@code * } or their number, spoilers hidden as {@code [Spoiler]}.
     */
    public String toPlainText() {
        return PlainText.render(nodes);
    }

    /** The users mentioned, silently or not, in the order they first appear. */
    public SequencedSet<UserId> mentionedUsers() {
        LinkedHashSet<UserId> users = Nodes.stream(nodes)
                .<UserId>mapMulti((node, found) -> {
                    if (node instanceof Mention(MentionTarget.User(UserId id), _)) {
                        found.accept(id);
                    }
                })
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return Collections.unmodifiableSequencedSet(users);
    }

    /**
     * This text with every mention replaced by what {@code f} makes of it (e.g. a user pill rewritten to the
     * remote user's name), everything else unchanged.
     */
    public FormattedText mapMentions(java.util.function.Function<Mention, Node> f) {
        return new FormattedText(Nodes.mapMentions(nodes, f));
    }

    /** Whether everyone in the room is mentioned ({@code @room}). */
    public boolean mentionsRoom() {
        return Nodes.stream(nodes).anyMatch(node -> node instanceof Mention(MentionTarget.Everyone e, _));
    }

    /** Whether anything here needs HTML to show: more than text, line breaks, silent mentions and {@code @room}. */
    boolean needsHtml() {
        return Nodes.stream(nodes).anyMatch(node -> switch (node) {
            case Text t -> false;
            case LineBreak b -> false;
            case Mention(MentionTarget.User u, String display) -> !display.isEmpty();
            case Mention(MentionTarget.Everyone e, _) -> false;
            default -> true;
        });
    }
}
