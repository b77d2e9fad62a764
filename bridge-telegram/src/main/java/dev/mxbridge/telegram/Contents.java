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
 * What a Telegram message says, as the parts of one remote message: its file (part 0 if any), a note for what Matrix
 * cannot show, its text or caption with entities as rich text, locations and venues, contacts and polls as text.
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
        media.of(m).ifPresent(parts::add);
        InboundMedia.stickerNote(m).ifPresent(n -> parts.add(notice(n)));
        text(m).ifPresent(parts::add);
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

    Optional<MessageContent> text(Message m) {
        if (m.getText() != null) {
            return Optional.of(new MessageContent.Text(MessageContent.Text.Kind.TEXT,
                    Entities.toFormatted(m.getText(), m.getEntities(), mentions())));
        }
        if (m.getCaption() != null && !m.getCaption().isBlank()) {
            return Optional.of(new MessageContent.Text(MessageContent.Text.Kind.TEXT,
                    Entities.toFormatted(m.getCaption(), m.getCaptionEntities(), mentions())));
        }
        return Optional.empty();
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
