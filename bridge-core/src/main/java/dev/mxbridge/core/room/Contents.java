package dev.mxbridge.core.room;


import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MatrixHtml;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.network.MessageContent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Conversions between Matrix content and the core's message model, and the relay format. Stateless. */
final class Contents {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Contents() {
    }

    /**
     * A media caption as Matrix (since v1.10) writes it: a {@code filename} beside a {@code body} that differs from
     * it makes the body (and {@code formatted_body}) the caption.
     */
    private static Optional<FormattedText> caption(JsonNode content, String body) {
        String filename = content.path("filename").asString("");
        return filename.isEmpty() || body.isEmpty() || body.equals(filename) ? Optional.empty()
                : Optional.of(MatrixHtml.fromContent(content));
    }

    /** Matrix content to the core model; media keeps its mxc URL. */
    static MessageContent toContent(JsonNode content) {
        String msgtype = content.path("msgtype").asString("m.text");
        String body = content.path("body").asString("");
        return switch (msgtype) {
            case "m.image", "m.file", "m.audio", "m.video" -> new MessageContent.Media(
                    MessageContent.Media.MediaKind.valueOf(msgtype.substring(2).toUpperCase(java.util.Locale.ROOT)),
                    content.path("url").asString(""), content.path("filename").asString(body),
                    Optional.ofNullable(content.path("info").path("mimetype").asString(null)),
                    content.path("info").has("size") ? Optional.of(content.path("info").path("size").asLong()) : Optional.empty(),
                    caption(content, body));
            case "m.location" -> new MessageContent.Location(content.path("geo_uri").asString(""), body);
            case "m.notice" -> new MessageContent.Text(MessageContent.Text.Kind.NOTICE, MatrixHtml.fromContent(content));
            case "m.emote" -> new MessageContent.Text(MessageContent.Text.Kind.EMOTE, MatrixHtml.fromContent(content));
            default -> new MessageContent.Text(MessageContent.Text.Kind.TEXT, MatrixHtml.fromContent(content));
        };
    }

    /**
     * What the relay says on a user's behalf, in the configured format (default {@code <name> text}); emotes
     * become {@code * name action}. Formatting of the message itself is kept.
     */
    static MessageContent relayed(String format, String name, String userId, MessageContent content) {
        FormattedText text = content instanceof MessageContent.Text t ? t.text() : FormattedText.plain(content.plainText());
        boolean emote = content instanceof MessageContent.Text t && t.kind() == MessageContent.Text.Kind.EMOTE;
        String template = emote ? "* {displayname} {message}" : format;
        int at = template.indexOf("{message}");
        List<Node> nodes = new ArrayList<>();
        String before = fill(template.substring(0, at), name, userId);
        String after = fill(template.substring(at + "{message}".length()), name, userId);
        if (!before.isEmpty()) {
            nodes.add(new Node.Text(before));
        }
        nodes.addAll(text.nodes());
        if (!after.isEmpty()) {
            nodes.add(new Node.Text(after));
        }
        MessageContent.Text.Kind kind = content instanceof MessageContent.Text t && t.kind() == MessageContent.Text.Kind.NOTICE
                ? MessageContent.Text.Kind.NOTICE : MessageContent.Text.Kind.TEXT;
        return new MessageContent.Text(kind, new FormattedText(nodes));
    }

    private static String fill(String template, String name, String userId) {
        return template.replace("{displayname}", name).replace("{userid}", userId)
                .replace("\r", " ").replace("\n", " ");
    }

    /**
     * The core model to Matrix content: formatted text with {@code m.mentions}, or media by its mxc URL (a caption as
     * its body, formatted, beside its {@code filename}).
     */
    static ObjectNode toMatrixContent(MessageContent content) {
        return switch (content) {
            case MessageContent.Text t -> MatrixHtml.toContent(t.text()).put("msgtype", switch (t.kind()) {
                case TEXT -> "m.text";
                case NOTICE -> "m.notice";
                case EMOTE -> "m.emote";
            });
            case MessageContent.Media m when m.url().startsWith("mxc://") -> {
                // With a caption (Matrix v1.10, MSC2530): the caption is the body, formatted as text is, and the file
                // name goes to filename.
                ObjectNode c = m.caption().map(MatrixHtml::toContent).map(caption -> caption.put("filename", m.filename()))
                        .orElseGet(() -> JSON.createObjectNode().put("body", m.filename()));
                c.put("msgtype", "m." + m.kind().name().toLowerCase(java.util.Locale.ROOT)).put("url", m.url());
                m.mimeType().ifPresent(t -> c.putObject("info").put("mimetype", t));
                yield c;
            }
            case MessageContent.Media m -> JSON.createObjectNode().put("msgtype", "m.text").put("body", m.plainText());
            case MessageContent.Location l -> JSON.createObjectNode().put("msgtype", "m.location")
                    .put("body", l.description()).put("geo_uri", l.geoUri());
        };
    }

    /** An {@code m.notice} with plain text. */
    static ObjectNode notice(String text) {
        return JSON.createObjectNode().put("msgtype", "m.notice").put("body", text);
    }
}
