package dev.mxbridge.core.format;

import java.util.List;
import java.util.stream.Stream;

/** Walking and classifying nodes. */
final class Nodes {

    private Nodes() {
    }

    /** Every node, depth first, parents before their children. */
    static Stream<Node> stream(List<Node> nodes) {
        return nodes.stream().flatMap(node -> Stream.concat(Stream.of(node), stream(children(node))));
    }

    /** The nodes with every mention replaced by what {@code f} makes of it, structure otherwise unchanged. */
    static List<Node> mapMentions(List<Node> nodes, java.util.function.Function<Node.Mention, Node> f) {
        return nodes.stream().map(node -> mapMentions(node, f)).toList();
    }

    private static Node mapMentions(Node node, java.util.function.Function<Node.Mention, Node> f) {
        return switch (node) {
            case Node.Mention m -> f.apply(m);
            case Node.Styled s -> new Node.Styled(s.style(), mapMentions(s.children(), f));
            case Node.Link l -> new Node.Link(l.url(), mapMentions(l.children(), f));
            case Node.Paragraph p -> new Node.Paragraph(mapMentions(p.children(), f));
            case Node.Heading h -> new Node.Heading(h.level(), mapMentions(h.children(), f));
            case Node.Quote q -> new Node.Quote(mapMentions(q.children(), f));
            case Node.ListBlock l -> new Node.ListBlock(l.ordered(), l.start(),
                    l.items().stream().map(item -> mapMentions(item, f)).toList());
            default -> node;
        };
    }

    private static List<Node> children(Node node) {
        return switch (node) {
            case Node.Styled s -> s.children();
            case Node.Link l -> l.children();
            case Node.Paragraph p -> p.children();
            case Node.Heading h -> h.children();
            case Node.Quote q -> q.children();
            case Node.ListBlock l -> l.items().stream().flatMap(List::stream).toList();
            default -> List.of();
        };
    }

    /** Whether the node stands on lines of its own. */
    static boolean isBlock(Node node) {
        return switch (node) {
            case Node.Paragraph p -> true;
            case Node.Heading h -> true;
            case Node.Quote q -> true;
            case Node.CodeBlock c -> true;
            case Node.ListBlock l -> true;
            case Node.Rule r -> true;
            default -> false;
        };
    }
}
