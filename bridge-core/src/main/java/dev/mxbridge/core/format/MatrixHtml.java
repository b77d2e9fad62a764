package dev.mxbridge.core.format;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.Node.Heading;
import dev.mxbridge.core.format.Node.ListBlock;
import dev.mxbridge.core.format.Node.Mention;
import dev.mxbridge.core.format.Node.Paragraph;
import dev.mxbridge.core.format.Node.Quote;
import dev.mxbridge.core.format.Node.Styled;
import dev.mxbridge.core.format.Node.Text;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts between {@link FormattedText} and the text fields of Matrix message content: {@code body},
 * {@code format}, {@code formatted_body} ({@value #FORMAT}) and {@code m.mentions}.
 *
 * <p>HTML read from Matrix is untrusted. It is cleaned against the spec's allowlist of tags and attributes
 * (Client-Server API v1.18, "m.room.message msgtypes"): {@code script}, {@code style} and other non-text elements
 * go with their content, reply fallbacks ({@code mx-reply}) go, event handlers and other unlisted attributes go,
 * links keep only {@code https}, {@code http}, {@code ftp}, {@code mailto} and {@code magnet} targets, images only
 * {@code mxc://} sources. HTML written to Matrix escapes every piece of text and every attribute value.
 */
public final class MatrixHtml {

    /** The {@code format} of Matrix HTML. */
    public static final String FORMAT = "org.matrix.custom.html";

    private static final Pattern AT_ROOM = Pattern.compile("(?<![\\w@])@room(?![\\w:])");

    private MatrixHtml() {
    }

    /** Reads a {@code formatted_body}, keeping only what the allowlist permits. */
    public static FormattedText parse(String html) {
        return new FormattedText(HtmlReader.read(html));
    }

    /** Writes a {@code formatted_body}. */
    public static String render(FormattedText text) {
        return HtmlWriter.render(text.nodes());
    }

    /**
     * Reads the text of message content: the {@code formatted_body} if the {@code format} is Matrix HTML, else the
     * plain {@code body} with its line breaks (less a reply fallback, if the event is a reply). Pills become
     * {@link Node.Mention}s; users in {@code m.mentions.user_ids} without a pill become silent mentions; with
     * {@code m.mentions.room}, each {@code @room} in the text becomes a mention of {@link MentionTarget.Everyone}
     * (a silent one if the text has none).
     */
    public static FormattedText fromContent(JsonNode content) {
        Optional<String> html = string(content, "format").filter(FORMAT::equals)
                .flatMap(format -> string(content, "formatted_body"));
        List<Node> read = html.map(HtmlReader::read).orElseGet(() -> {
            String body = string(content, "body").orElse("");
            return Text.lines(isReply(content) ? withoutReplyFallback(body) : body);
        });

        JsonNode mentions = content.path("m.mentions");
        List<Node> nodes = new ArrayList<>();
        if (mentions.path("room").isBoolean() && mentions.path("room").booleanValue()) {
            nodes.addAll(markRoomMentions(read));
            if (!new FormattedText(nodes).mentionsRoom()) {
                nodes.add(new Mention(new MentionTarget.Everyone(), ""));
            }
        } else {
            nodes.addAll(read);
        }
        Set<UserId> shown = new HashSet<>(new FormattedText(nodes).mentionedUsers());
        for (JsonNode id : mentions.path("user_ids")) {
            userId(id).filter(shown::add)
                    .ifPresent(user -> nodes.add(new Mention(new MentionTarget.User(user), "")));
        }
        return new FormattedText(nodes);
    }

    /**
     * Writes the text fields of message content: {@code body}, and {@code format} with {@code formatted_body} when
     * the text has more than plain text can show, and always {@code m.mentions} (so that no client falls back to
     * guessing mentions from the body). The caller adds {@code msgtype} and, for a media caption, the media fields.
     */
    public static ObjectNode toContent(FormattedText text) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("body", text.toPlainText());
        if (text.needsHtml()) {
            content.put("format", FORMAT);
            content.put("formatted_body", render(text));
        }
        ObjectNode mentions = content.putObject("m.mentions");
        if (!text.mentionedUsers().isEmpty()) {
            ArrayNode users = mentions.putArray("user_ids");
            text.mentionedUsers().forEach(user -> users.add(user.value()));
        }
        if (text.mentionsRoom()) {
            mentions.put("room", true);
        }
        return content;
    }

    private static List<Node> markRoomMentions(List<Node> nodes) {
        List<Node> out = new ArrayList<>();
        for (Node node : nodes) {
            switch (node) {
                case Text(String text) -> splitAtRoom(text, out);
                case Styled(Style style, List<Node> children) when style != Style.Basic.MONOSPACE ->
                        out.add(new Styled(style, markRoomMentions(children)));
                case Paragraph(List<Node> children) -> out.add(new Paragraph(markRoomMentions(children)));
                case Heading(int level, List<Node> children) ->
                        out.add(new Heading(level, markRoomMentions(children)));
                case Quote(List<Node> children) -> out.add(new Quote(markRoomMentions(children)));
                case ListBlock(boolean ordered, int start, List<List<Node>> items) -> out.add(new ListBlock(ordered,
                        start, items.stream().map(item -> markRoomMentions(item)).toList()));
                default -> out.add(node);
            }
        }
        return out;
    }

    private static void splitAtRoom(String text, List<Node> out) {
        Matcher m = AT_ROOM.matcher(text);
        int last = 0;
        while (m.find()) {
            if (m.start() > last) {
                out.add(new Text(text.substring(last, m.start())));
            }
            out.add(new Mention(new MentionTarget.Everyone(), "@room"));
            last = m.end();
        }
        if (last < text.length()) {
            out.add(new Text(text.substring(last)));
        }
    }

    private static boolean isReply(JsonNode content) {
        return content.path("m.relates_to").path("m.in_reply_to").path("event_id").isString();
    }

    /**
     * The body less the fallback that replies carried before v1.13: leading lines starting with {@code >}, then an
     * empty line.
     */
    private static String withoutReplyFallback(String body) {
        String[] lines = body.split("\n", -1);
        int quoted = 0;
        while (quoted < lines.length && lines[quoted].startsWith(">")) {
            quoted++;
        }
        if (quoted == 0 || quoted == lines.length || !lines[quoted].isEmpty()) {
            return body;
        }
        return String.join("\n", List.of(lines).subList(quoted + 1, lines.length));
    }

    private static Optional<String> string(JsonNode content, String field) {
        JsonNode value = content.path(field);
        return value.isString() ? Optional.of(value.stringValue()) : Optional.empty();
    }

    private static Optional<UserId> userId(JsonNode id) {
        if (!id.isString()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UserId(id.stringValue()));
        } catch (IllegalArgumentException notAUserId) {
            return Optional.empty();
        }
    }

    /** Text escaped for HTML, in content and in quoted attribute values ({@code & < > " '}). */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        HtmlWriter.escape(text, out);
        return out.toString();
    }
}
