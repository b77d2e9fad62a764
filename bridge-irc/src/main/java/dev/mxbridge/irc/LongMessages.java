package dev.mxbridge.irc;

import dev.mxbridge.core.client.MxcUri;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.format.Node;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Matrix messages too long for IRC: more than {@code max_lines} lines, or holding a code block, are uploaded to the
 * homeserver's media repository as a text file and go to IRC as their first line and a link. The link is
 * {@code <media_url_base>/<server>/<media id>}; without {@code media_url_base} such messages are split into lines
 * as any other. The homeserver's download endpoint ({@code /_matrix/client/v1/media/download}) wants an access
 * token since authenticated media (Matrix 1.11): point {@code media_url_base} at a public media proxy for IRC users
 * to open the link in a browser.
 */
final class LongMessages {
    /** Uploads a file, returning its {@code mxc://} URI (the core's {@code NetworkContext.upload}). */
    interface Uploader {
        String upload(byte[] content, String contentType, String filename);
    }

    private static final int PREVIEW_BYTES = 200;

    private final int maxLines;
    private final Optional<String> mediaUrlBase;
    private final Uploader uploader;

    LongMessages(int maxLines, Optional<String> mediaUrlBase, Uploader uploader) {
        this.maxLines = maxLines;
        this.mediaUrlBase = mediaUrlBase.map(b -> b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.uploader = uploader;
    }

    /** The IRC text to send instead of the rendered message, if it is too long for IRC. */
    Optional<String> shorten(FormattedText text) {
        String plain = text.toPlainText();
        List<String> lines = plain.lines().filter(l -> !l.isBlank()).toList();
        if (mediaUrlBase.isEmpty() || lines.isEmpty() || lines.size() <= maxLines && !hasCodeBlock(text.nodes())) {
            return Optional.empty();
        }
        MxcUri mxc = MxcUri.parse(uploader.upload(plain.getBytes(StandardCharsets.UTF_8),
                "text/plain; charset=utf-8", "message.txt"));
        String preview = IrcLines.truncate(lines.getFirst().strip(), PREVIEW_BYTES);
        return Optional.of(preview + " … (" + lines.size() + " lines: " + link(mxc) + ")");
    }

    /** Where IRC users download media: under {@code media_url_base}, or the {@code mxc://} URI if that is unset. */
    String link(MxcUri mxc) {
        return mediaUrlBase.map(base -> base + "/" + mxc.server() + "/" + mxc.mediaId()).orElse(mxc.toString());
    }

    /** Matrix media as one IRC line: caption, file name and a download link. */
    String media(MessageContent.Media media) {
        String url = MxcUri.tryParse(media.url()).map(this::link).orElse(media.url());
        return media.caption().map(c -> IrcFormat.render(c) + " ").orElse("") + media.filename() + ": " + url;
    }

    private static boolean hasCodeBlock(List<Node> nodes) {
        for (Node node : nodes) {
            boolean found = switch (node) {
                case Node.CodeBlock c -> true;
                case Node.Styled s -> hasCodeBlock(s.children());
                case Node.Paragraph p -> hasCodeBlock(p.children());
                case Node.Quote q -> hasCodeBlock(q.children());
                case Node.ListBlock l -> l.items().stream().anyMatch(LongMessages::hasCodeBlock);
                default -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }
}
