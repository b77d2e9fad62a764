package dev.mxbridge.telegram;

import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.format.FormattedText;
import dev.mxbridge.core.format.MentionTarget;
import dev.mxbridge.core.format.Node;
import dev.mxbridge.core.network.MessageContent;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.network.RemoteUserId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * What a Telegram message says, as the parts of one remote message: its file with its caption (one Matrix media event,
 * the caption's entities as rich text; a file too large to fetch is a notice, and its caption a text after it), its
 * text with entities as rich text, a note for what Matrix cannot show, locations and venues, contacts and polls as
 * text.
 */
final class Contents {
    private final InboundMedia media;
    private final Profiles profiles;
    private volatile NetworkContext context;

    Contents(InboundMedia media, Profiles profiles) {
        this.media = media;
        this.profiles = profiles;
    }

    void start(NetworkContext started) {
        context = started;
    }

    List<MessageContent> of(Message m) throws TelegramApiException, IOException {
        List<MessageContent> parts = new ArrayList<>();
        Optional<MessageContent> file = media.of(m);
        if (file.isPresent()) {
            parts.addAll(fileAndCaption(file.get(), caption(m)));
        } else {
            text(m).ifPresent(parts::add);
        }
        InboundMedia.stickerNote(m).ifPresent(n -> parts.add(notice(n)));
        if (m.hasLocation() && m.getVenue() == null) {
            parts.add(new MessageContent.Location(geo(m.getLocation().getLatitude(), m.getLocation().getLongitude()),
                    "Location"));
        }
        if (m.getVenue() != null) {
            var v = m.getVenue();
            parts.add(new MessageContent.Location(geo(v.getLocation().getLatitude(), v.getLocation().getLongitude()),
                    v.getTitle() + ", " + v.getAddress()));
        }
        if (m.hasContact()) {
            var c = m.getContact();
            parts.add(MessageContent.Text.of("Contact: " + c.getFirstName()
                    + Optional.ofNullable(c.getLastName()).map(l -> " " + l).orElse("") + ", " + c.getPhoneNumber()));
        }
        if (m.hasPoll()) {
            StringBuilder poll = new StringBuilder("Poll: " + m.getPoll().getQuestion());
            int n = 1;
            for (var option : m.getPoll().getOptions()) {
                poll.append('\n').append(n++).append(". ").append(option.getText());
            }
            parts.add(MessageContent.Text.of(poll.toString()));
        }
        if (parts.isEmpty()) {
            parts.add(notice("(a Telegram message the bridge cannot show; open it in Telegram)"));
        }
        return parts;
    }

    /**
     * What an edited message becomes, and which part of the original it replaces: a file with its new caption (part
     * 0; the file's upload is remembered, so it is not fetched again), the caption of a file too large to fetch (part
     * 1, after the notice), or the new text (part 0).
     */
    Optional<Edited> edited(Message m) throws TelegramApiException, IOException {
        Optional<MessageContent> file = InboundMedia.hasFile(m) ? media.of(m) : Optional.empty();
        return file.isPresent() ? editedFile(file.get(), caption(m)) : text(m).map(t -> new Edited(0, t));
    }

    /**
     * A file and its caption as parts of a message: the file with the caption, as one Matrix media event; or, for a
     * notice that the file is too large to fetch, the notice, then the caption as a text.
     */
    static List<MessageContent> fileAndCaption(MessageContent file, Optional<FormattedText> caption) {
        if (file instanceof MessageContent.Media f) {
            return List.of(withCaption(f, caption));
        }
        List<MessageContent> parts = new ArrayList<>(List.of(file));
        caption.ifPresent(c -> parts.add(new MessageContent.Text(MessageContent.Text.Kind.TEXT, c)));
        return parts;
    }

    /** The edit of a file's caption, as {@link #fileAndCaption} laid out the message; none if nothing is left to edit. */
    static Optional<Edited> editedFile(MessageContent file, Optional<FormattedText> caption) {
        if (file instanceof MessageContent.Media f) {
            return Optional.of(new Edited(0, withCaption(f, caption)));
        }
        return caption.map(c -> new Edited(1, new MessageContent.Text(MessageContent.Text.Kind.TEXT, c)));
    }

    /** An edit's new content, and the part of the original message it replaces. */
    record Edited(int part, MessageContent content) {
    }

    Optional<MessageContent> text(Message m) {
        if (m.getText() != null) {
            return Optional.of(new MessageContent.Text(MessageContent.Text.Kind.TEXT,
                    Entities.toFormatted(m.getText(), m.getEntities(), mentions())));
        }
        return caption(m).map(c -> new MessageContent.Text(MessageContent.Text.Kind.TEXT, c));
    }

    /** A file message's caption, with its entities as rich text. */
    Optional<FormattedText> caption(Message m) {
        return m.getCaption() == null || m.getCaption().isBlank() ? Optional.empty()
                : Optional.of(Entities.toFormatted(m.getCaption(), m.getCaptionEntities(), mentions()));
    }

    /** The file with {@code caption} (none: without one). */
    static MessageContent.Media withCaption(MessageContent.Media file, Optional<FormattedText> caption) {
        return new MessageContent.Media(file.kind(), file.url(), file.filename(), file.mimeType(), file.size(), caption);
    }

    private Entities.Mentions mentions() {
        return new Entities.Mentions() {
            @Override
            public Node byId(long userId, String text) {
                return pill(userId, text);
            }

            @Override
            public Optional<Node> byUsername(String username, String text) {
                return profiles.byUsername(username).map(id -> pill(id, text));
            }
        };
    }

    private Node pill(long userId, String text) {
        return new Node.Mention(new MentionTarget.User(new UserId(context.ghostOf(new RemoteUserId(Long.toString(userId))))),
                text);
    }

    static MessageContent notice(String text) {
        return new MessageContent.Text(MessageContent.Text.Kind.NOTICE, FormattedText.plain(text));
    }

    private static String geo(double latitude, double longitude) {
        return "geo:" + latitude + "," + longitude;
    }
}
