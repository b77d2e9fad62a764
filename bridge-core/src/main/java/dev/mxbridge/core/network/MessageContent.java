package dev.mxbridge.core.network;

import dev.mxbridge.core.format.FormattedText;
import java.util.Optional;

/**
 * A message's content in either direction, independent of both Matrix's and the network's syntax. Text is a
 * {@link FormattedText}; a network module converts between it and its own markup only.
 */
public sealed interface MessageContent {

    /** A plain, notice or emote message. */
    record Text(Kind kind, FormattedText text) implements MessageContent {
        /** {@code m.text}, {@code m.notice} or {@code m.emote}. */
        public enum Kind { TEXT, NOTICE, EMOTE }

        public static Text of(String plain) {
            return new Text(Kind.TEXT, FormattedText.plain(plain));
        }
    }

    /**
     * A file, image, audio or video. {@code url} is where the bytes are: an {@code mxc://} URI on the Matrix side,
     * or the network's URL on the remote side. A {@code caption} goes with the file in one Matrix event, as Matrix
     * writes captions since v1.10: the caption as {@code body} (and {@code formatted_body}), the name as {@code filename}.
     */
    record Media(MediaKind kind, String url, String filename, Optional<String> mimeType, Optional<Long> size,
                 Optional<FormattedText> caption) implements MessageContent {
        /** What kind of media. */
        public enum MediaKind { IMAGE, FILE, AUDIO, VIDEO }
    }

    /** A location as a {@code geo:} URI with a description. */
    record Location(String geoUri, String description) implements MessageContent {
    }

    /** The content as plain text, for networks that can only show text. */
    default String plainText() {
        return switch (this) {
            case Text t -> t.text().toPlainText();
            case Media m -> m.caption().map(FormattedText::toPlainText).map(c -> c + " ").orElse("") + m.filename() + ": " + m.url();
            case Location l -> l.description() + " (" + l.geoUri() + ")";
        };
    }
}
