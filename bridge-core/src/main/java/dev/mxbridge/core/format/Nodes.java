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
